"""Build a synthetic corpus for benchmarks and load tests, fast, without spaCy.

    manage.py generate_corpus --articles 20000 [--seed 7] [--replace]

Every row says it is synthetic: outlets are named "Synthetic …", article
source names start with "synthetic-" and titles with "[synthetic]", article
texts start with "[synthetic article]", speaker slugs start with
"synthetic-". Speakers get realistic names (the seeds' speakers and
recombined first and last names, quoted with a Zipf skew: a few are quoted
everywhere); statements are recombined from phrases of the seed quotes and
words of the seed articles; about a third of the printings are reprints of
earlier statements by other outlets (whole, trimmed to a partial quote, or
with a word changed), so quotes have several outlets, first carriers and
variants.

Rows are written directly (COPY, explicit ids): Articles (status done),
Speakers and aliases, Quotes with their reach and dates, Appearances with
offsets into the article text, and the linker's QuoteShingle postings
(quotes.linking's hashing, so new articles link against the corpus). On an
empty database the bulky indexes are dropped during the load and rebuilt
after it, which is several times faster than updating them row by row.
"""
import hashlib
import json
import random
import re
import time
from itertools import accumulate
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Outlet
from quotes.linking import index_shingles, pieces
from quotes.models import Quote, QuoteShingle, Speaker, SpeakerAlias
from quotes.services.derived import derived_version_bump, quotes_fill_fragments, quotes_refresh_vocabulary
from quotes.services.directory import speakers_refresh_stats
from quotes.services.speakers import name_key

PRINTINGS_PER_ARTICLE = (5, 11)
REPRINT_SHARE = 0.35
# Reprints pick from the most recent statements: a story spreads for a
# while, then it is old news.
RECENT_WINDOW = 3000
DAYS = 365
# Bump whenever the corpus this command writes for the same arguments
# changes (rows, texts, dates, postings, derived tables). Benchmarks keep
# big corpora between runs and reuse one only when its stamp (corpus_stamp)
# matches what they would build now.
GENERATOR_VERSION = 1

SEED_SPEAKERS = [
    "Pete Hegseth", "Donald Trump", "John Healey", "Volodymyr Zelenskyy", "Mark Rutte", "Scott Bessent",
    "Camille Grand", "Kaja Kallas", "Keir Starmer", "Emmanuel Macron", "Vladimir Putin", "Sean Parnell",
]
FIRST = [
    "Anna", "Boris", "Claire", "David", "Elena", "Frank", "Grace", "Hanna", "Ivan", "Julia", "Karl", "Laura",
    "Maria", "Nikolai", "Olga", "Peter", "Rachel", "Sergei", "Tom", "Ursula", "Victor", "Wendy", "Yulia",
    "Andriy", "Oksana", "Dmytro", "Kateryna", "James", "Sarah", "Michael", "Sophie", "Lars", "Ingrid",
]
LAST = [
    "Kovalenko", "Schmidt", "Dubois", "Novak", "Andersen", "Rossi", "Fischer", "Moreau", "Shevchenko",
    "Bondarenko", "Miller", "Clarke", "Johansson", "Kowalski", "Horvat", "Petrov", "Walsh", "Morgan",
    "Lindqvist", "Marchetti", "Tkachenko", "Hughes", "Bauer", "Lefebvre", "Nieminen", "Varga", "Costa",
]
GROUPS = ["NATO members", "European foreign ministers", "Ukrainian officials", "White House officials"]
OUTLET_WORDS = [
    "Ledger", "Dispatch", "Herald", "Observer", "Chronicle", "Courier", "Post", "Tribune", "Monitor",
    "Gazette", "Wire", "Review", "Sentinel", "Bulletin", "Journal", "Times", "Record", "Report",
]
OUTLET_PLACES = [
    "Kyiv", "Brussels", "Atlantic", "Baltic", "Danube", "Capital", "Harbor", "Northern", "Eastern",
    "Continental", "Metro", "Frontline", "Global", "Civic",
]
# Phrases of the seed articles' quotations: statements are recombined from them.
PHRASES = [
    "declare victory no matter what", "this war must and will end soon", "ahistorical and false",
    "realism is an important part of the conversation", "the borders won't be rolled back",
    "a recognition of the hard power realities on the ground", "negotiating from a position of strength",
    "we will only end this devastating war", "a durable peace for Ukraine must include robust security guarantees",
    "Ukraine and Europe must be part of any negotiations", "the real conversation has started",
    "now the Europeans need to respond", "we are stepping up the support for Ukraine",
    "we will do more alongside the Americans", "that is a process that will take some time",
    "the strongest possible position going into any talks", "we hear you", "an unrealistic objective",
    "will only prolong the war and cause more suffering", "start negotiations immediately",
    "coupled with more effective enforcement of energy sanctions", "the United States will no longer tolerate an imbalanced relationship",
    "the overwhelming share of future lethal and nonlethal aid", "a non-NATO mission",
    "anything is possible", "remains to be seen", "it's just a cheap political point",
    "the president of the United States is the ultimate negotiator", "peace through strength",
    "we are looking forward to discussing the way ahead together", "Minsk 3.0", "a just and lasting peace",
    "we cannot allow this to happen again", "everything is on the table", "we stand with Ukraine",
    "no decisions about Ukraine without Ukraine", "the security of Europe is at stake",
    "sanctions will remain in place", "a ceasefire that holds", "the clock is ticking",
]
STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "it", "that", "with", "as", "at", "by"}


class Command(BaseCommand):
    help = "Build a synthetic corpus (every row marked synthetic) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--end", default="2025-12-31", help="date of the newest article (YYYY-MM-DD)")
        parser.add_argument("--replace", action="store_true", help="delete an earlier synthetic corpus first")

    def handle(self, *args, articles, seed, end, replace, **opts):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        started = time.perf_counter()
        if Outlet.objects.filter(slug__startswith="synthetic-").exists():
            if not replace:
                raise CommandError("a synthetic corpus exists: pass --replace to rebuild it")
            _delete_synthetic()
        plan = Plan(articles=articles, rng=random.Random(seed), end=date.fromisoformat(end))
        plan.build()
        if opts.get("verbosity", 1) >= 2:
            self.stdout.write(f"planned in {time.perf_counter() - started:.0f} s")
        stamp = corpus_stamp(articles=articles, seed=seed, end=end)
        counts = _load(plan, stamp=stamp, verbosity=opts.get("verbosity", 1), out=self.stdout)
        self.stdout.write(
            f"synthetic corpus: {counts['articles']} articles, {counts['quotes']} quotes, "
            f"{counts['appearances']} printings, {counts['shingles']} postings, {counts['speakers']} speakers, "
            f"{counts['outlets']} outlets in {time.perf_counter() - started:.0f} s"
        )


class Plan:
    """The whole corpus in memory, with ids relative to 0; the loader shifts
    them past the tables' current ids."""

    def __init__(self, *, articles: int, rng: random.Random, end: date):
        self.n_articles = articles
        self.rng = rng
        self.end = end
        self.vocab = _vocabulary()
        # Cumulative once: with plain weights random.choices adds them all
        # up on every draw, which was most of the plan's time at 200k
        # articles; the draws are the same either way.
        self.cum_weights = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(self.vocab))))

    def build(self):
        rng = self.rng
        n_speakers = max(30, min(3000, self.n_articles // 8))
        n_outlets = max(8, min(60, self.n_articles // 300))
        self.speakers = _speaker_names(rng, n_speakers)
        self.speaker_cum_weights = list(accumulate(1 / (i + 1) ** 0.9 for i in range(len(self.speakers))))
        self.outlets = _outlet_names(rng, n_outlets)
        self.quotes = []  # [speaker index, text, kind]
        self.quote_stats = []  # [appearances, set(outlets), first, last]
        self.quote_texts = []  # set of printed texts per quote (for postings)
        self.articles = []  # (outlet index, published, title, text, source_name)
        self.appearances = []  # (quote index, article index, start, end, text, kind, speaker as written)
        start_day = self.end - timedelta(days=DAYS - 1)
        for i in range(self.n_articles):
            day = start_day + timedelta(days=min(DAYS - 1, int(i * DAYS / self.n_articles) + rng.randint(0, 2)))
            self._article(i, rng.randrange(len(self.outlets)), day)

    def _statement(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocab, cum_weights=self.cum_weights, k=rng.randint(6, 18))
        phrase = rng.choice(PHRASES)
        parts = [phrase, " ".join(words)] if rng.random() < 0.5 else [" ".join(words), phrase]
        text = ", ".join(parts)
        if rng.random() < 0.3:
            text += ". " + " ".join(rng.choices(self.vocab, cum_weights=self.cum_weights, k=rng.randint(5, 12))).capitalize()
        return text[0].upper() + text[1:] + "."

    def _article(self, index: int, outlet: int, day: date):
        rng = self.rng
        header = f"[synthetic article {index}] Not real reporting: generated for benchmarks.\n\n"
        text, printings = header, []
        for _ in range(rng.randint(*PRINTINGS_PER_ARTICLE)):
            if self.quotes and rng.random() < REPRINT_SHARE:
                lo = max(0, len(self.quotes) - RECENT_WINDOW)
                q = rng.randrange(lo, len(self.quotes))
                speaker, canonical, kind = self.quotes[q]
                printed, kind = self._variant(canonical, kind)
            else:
                q = len(self.quotes)
                speaker = rng.choices(range(len(self.speakers)), cum_weights=self.speaker_cum_weights)[0]
                roll = rng.random()
                kind = "direct" if roll < 0.8 else "indirect" if roll < 0.9 else "partial"
                printed = self._statement()
                self.quotes.append([speaker, printed, kind])
                self.quote_stats.append([0, set(), day, day])
                self.quote_texts.append(set())
            name = self.speakers[speaker][0]
            as_written = name if rng.random() < 0.6 else name.split()[-1]
            if kind == "indirect":
                text += f"{as_written} said that "
                start = len(text)
                text += printed.rstrip(".") + ".\n\n"
                end = start + len(printed.rstrip("."))
            else:
                text += "“"
                start = len(text)
                text += printed
                end = len(text)
                text += f"” {as_written} said.\n\n"
            printings.append((q, start, end, text[start:end], kind, as_written))
            stats = self.quote_stats[q]
            stats[0] += 1
            stats[1].add(outlet)
            stats[2], stats[3] = min(stats[2], day), max(stats[3], day)
            self.quote_texts[q].add(text[start:end])
        first_words = " ".join(printings[0][3].split()[:6]).rstrip(",.")
        title = f"[synthetic] {self.speakers[self.quotes[printings[0][0]][0]][0]}: “{first_words}…”"
        self.articles.append((outlet, day, title, text, f"synthetic-{index:06d}.txt"))
        a = len(self.articles) - 1
        self.appearances.extend((q, a, s, e, t, k, w) for q, s, e, t, k, w in printings)

    def _variant(self, canonical: str, kind: str) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        words = canonical.rstrip(".").split()
        if roll < 0.25 and len(words) > 8:  # trimmed to a partial quote
            i = rng.randrange(0, len(words) - 6)
            return " ".join(words[i : i + rng.randint(4, 8)]).strip(",."), "partial"
        if roll < 0.4:  # one word changed
            words[rng.randrange(len(words))] = rng.choices(self.vocab, cum_weights=self.cum_weights)[0]
            return " ".join(words) + ".", kind
        return canonical, kind


def _vocabulary() -> list[str]:
    words: dict[str, int] = {}
    for path in sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt")):
        for w in re.findall(r"[a-z]+(?:'[a-z]+)?", path.read_text(encoding="utf-8").lower()):
            if len(w) > 2 and w not in STOP:
                words[w] = words.get(w, 0) + 1
    for phrase in PHRASES:
        for w in phrase.lower().split():
            words.setdefault(w, 1)
    return sorted(words, key=lambda w: (-words[w], w))


def _speaker_names(rng, n) -> list[tuple[str, bool]]:
    names = [(s, False) for s in SEED_SPEAKERS] + [(g, True) for g in GROUPS]
    seen = {s for s, _ in names}
    combos = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(combos)
    for name in combos:
        if len(names) >= n:
            break
        if name not in seen:
            names.append((name, False))
            seen.add(name)
    i = 0
    while len(names) < n:  # beyond the pool: middle initials keep names unique
        f, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{f} {chr(65 + i % 26)}. {last}"
        i += 1
        if name not in seen:
            names.append((name, False))
            seen.add(name)
    return names[:n]


def _outlet_names(rng, n) -> list[str]:
    combos = [f"Synthetic {p} {w}" for p in OUTLET_PLACES for w in OUTLET_WORDS]
    rng.shuffle(combos)
    return combos[:n]


# Dropped during a load into empty tables and rebuilt after it.
BULK_INDEXES = ("quote_search_gin", "quote_text_trgm", "shingle_quote")
COPIED_TABLES = ("quotes_quote", "articles_article", "quotes_appearance", "quotes_quoteshingle")


def corpus_stamp(*, articles: int, seed: int = 7, end: str = "2025-12-31") -> dict:
    """What identifies a generated corpus: the generator's version and its arguments."""
    return {"generator": GENERATOR_VERSION, "articles": articles, "seed": seed, "end": end}


def read_corpus_stamp() -> dict | None:
    """The stamp of the synthetic corpus in the current database, or None.
    It is the comment on the article table, written in the load's
    transaction, so a build that died halfway leaves none."""
    with connection.cursor() as cur:
        cur.execute("SELECT obj_description('articles_article'::regclass, 'pg_class')")
        comment = cur.fetchone()[0]
    try:
        stamp = json.loads(comment or "")
    except ValueError:
        return None
    return stamp if isinstance(stamp, dict) and "generator" in stamp else None


def _write_stamp(cur, stamp: dict | None) -> None:
    # COMMENT takes no bind parameters: quote the literal in SQL first.
    cur.execute("SELECT quote_nullable(%s)", [json.dumps(stamp, sort_keys=True) if stamp else None])
    cur.execute(f"COMMENT ON TABLE articles_article IS {cur.fetchone()[0]}")


def _load(plan: Plan, *, stamp: dict, verbosity: int, out) -> dict:
    now = timezone.now()
    started = time.perf_counter()

    def phase(what):
        if verbosity >= 2:
            out.write(f"  {what}: {time.perf_counter() - started:.0f} s")
    with transaction.atomic():
        with connection.cursor() as cur:
            # Explicit ids below: nobody else may insert meanwhile.
            cur.execute(
                "LOCK TABLE articles_outlet, articles_article, quotes_speaker, quotes_quote, quotes_appearance, "
                "quotes_quoteshingle IN SHARE ROW EXCLUSIVE MODE"
            )
            empty = not Quote.objects.exists()
            dropped = []
            unique = None
            foreign_keys = []
            if empty:
                cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(BULK_INDEXES)])
                dropped = cur.fetchall()
                for name, _ in dropped:
                    cur.execute(f'DROP INDEX "{name}"')
                cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'shingle_unique'")
                row = cur.fetchone()
                if row:
                    unique = row[0]
                    cur.execute("ALTER TABLE quotes_quoteshingle DROP CONSTRAINT shingle_unique")
                # The copied tables' foreign keys, likewise: while they stand,
                # every copied row queues a deferred check, run one row at a
                # time at the end (most of a 50k-article build's time, for its
                # 10M postings); added back, each is checked by one join.
                cur.execute(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                    [list(COPIED_TABLES)],
                )
                foreign_keys = cur.fetchall()
                for table, name, _ in foreign_keys:
                    cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

        outlets = Outlet.objects.bulk_create(
            [Outlet(name=name, slug=slugify(name), domain=f"{slugify(name)}.example") for name in plan.outlets]
        )
        speakers = Speaker.objects.bulk_create(
            [Speaker(name=name, slug=f"synthetic-{slugify(name)}", is_group=group) for name, group in plan.speakers]
        )
        SpeakerAlias.objects.bulk_create(
            [SpeakerAlias(speaker=s, alias=s.name, key=name_key(s.name)) for s in speakers]
            + [
                SpeakerAlias(speaker=s, alias=s.name.split()[-1], key=name_key(s.name.split()[-1]))
                for s in speakers
                if not s.is_group and name_key(s.name.split()[-1]) != name_key(s.name)
            ],
            ignore_conflicts=True,
        )
        with connection.cursor() as cur:
            quote_base = _next_id(cur, "quotes_quote")
            article_base = _next_id(cur, "articles_article")
            appearance_base = _next_id(cur, "quotes_appearance")
            with cur.copy(
                "COPY quotes_quote (id, speaker_id, text, kind, outlet_count, outlet_ids, appearance_count, first_published, "
                "last_published, hidden, editor_locked, attribution_confidence, attribution_confirmed, created_at, updated_at) "
                "FROM STDIN"
            ) as copy:
                for i, ((speaker, text, kind), (n, outs, first, last)) in enumerate(zip(plan.quotes, plan.quote_stats)):
                    copy.write_row(
                        (quote_base + i, speakers[speaker].id, text, kind, len(outs), sorted(outlets[o].id for o in outs), n,
                         first, last, False, False, 0.0, False,
                         now, now)
                    )
            with cur.copy(
                "COPY articles_article (id, outlet_id, source_name, url, title, byline, published, text, content_hash, "
                "status, error, attempts, created_at, updated_at, processed_at) FROM STDIN"
            ) as copy:
                for i, (outlet, day, title, text, source) in enumerate(plan.articles):
                    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                    copy.write_row(
                        (article_base + i, outlets[outlet].id, source, None, title, "", day, text, digest,
                         Article.Status.DONE, "", 1, now, now, now)
                    )
            with cur.copy(
                "COPY quotes_appearance (id, quote_id, article_id, spans, start, \"end\", text, kind, cue, "
                "speaker_as_written, sieve, confidence, misquoted, misquote, terms, created_at) FROM STDIN"
            ) as copy:
                for i, (q, a, start, end, text, kind, written) in enumerate(plan.appearances):
                    copy.write_row(
                        (appearance_base + i, quote_base + q, article_base + a, json.dumps([[start, end]]), start, end,
                         text, kind, "said", written, "", 0.0, False, "[]", "{}", now)
                    )
            shingles = 0
            with cur.copy("COPY quotes_quoteshingle (hash, quote_id) FROM STDIN") as copy:
                for i, texts in enumerate(plan.quote_texts):
                    hashes = set()
                    for text in texts:
                        hashes |= index_shingles(pieces(text))
                    for h in hashes:
                        copy.write_row((h, quote_base + i))
                    shingles += len(hashes)
            for table, base, n in (
                ("quotes_quote", quote_base, len(plan.quotes)),
                ("articles_article", article_base, len(plan.articles)),
                ("quotes_appearance", appearance_base, len(plan.appearances)),
            ):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [base + n - 1])
            phase("rows copied")
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # Check the deferred foreign keys now: ALTER TABLE refuses to run with pending checks.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, definition in foreign_keys:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            if unique:
                cur.execute(f"ALTER TABLE quotes_quoteshingle ADD CONSTRAINT shingle_unique {unique}")
            phase("constraints checked")
            for _, definition in dropped:
                cur.execute(definition)
            phase("indexes rebuilt")
        speakers_refresh_stats(speaker_ids={s.id for s in speakers})
        # Search corrects misspelt words to these (the bulk load bypasses
        # the derived-data service that keeps them for ingested quotes).
        quotes_refresh_vocabulary(quote_ids=set(range(quote_base, quote_base + len(plan.quotes))))
        # And which quote lies inside which (the speaker page reads it).
        phase("speaker stats and vocabulary")
        quotes_fill_fragments()
        phase("fragment pairs")
        # Likewise: what was kept from the printings before (the front
        # page's lists) is out of date.
        derived_version_bump()
        with connection.cursor() as cur:
            _write_stamp(cur, stamp)
    with connection.cursor() as cur:
        # VACUUM as well, as autovacuum would in time: until the pages are
        # marked all-visible, index-only scans read the heap for every row
        # (the linker's postings, the speaker page's printings: 5,328 heap
        # fetches in one chart query at 50k articles). It cannot run inside
        # a transaction (a test's), where ANALYZE alone does.
        cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    phase("vacuumed and analyzed")
    return {
        "articles": len(plan.articles), "quotes": len(plan.quotes), "appearances": len(plan.appearances),
        "shingles": shingles, "speakers": len(speakers), "outlets": len(outlets),
    }


def _next_id(cur, table: str) -> int:
    # Past both the rows and the identity sequence (ids of deleted rows are not reused).
    cur.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    sequence = cur.fetchone()[0]
    cur.execute(f"SELECT greatest((SELECT coalesce(max(id), 0) FROM {table}), (SELECT last_value FROM {sequence})) + 1")
    return cur.fetchone()[0]


def _delete_synthetic():
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM quotes_quoteshingle s USING quotes_quote q, quotes_speaker sp "
            "WHERE s.quote_id = q.id AND q.speaker_id = sp.id AND sp.slug LIKE 'synthetic-%%'"
        )
        cur.execute(
            "DELETE FROM quotes_appearance a USING articles_article ar "
            "WHERE a.article_id = ar.id AND ar.source_name LIKE 'synthetic-%%'"
        )
        cur.execute("DELETE FROM articles_article WHERE source_name LIKE 'synthetic-%%'")
        cur.execute(
            "DELETE FROM quotes_quote q USING quotes_speaker sp WHERE q.speaker_id = sp.id AND sp.slug LIKE 'synthetic-%%'"
        )
        cur.execute(
            "DELETE FROM quotes_speakeralias al USING quotes_speaker sp "
            "WHERE al.speaker_id = sp.id AND sp.slug LIKE 'synthetic-%%'"
        )
        cur.execute("DELETE FROM quotes_speaker WHERE slug LIKE 'synthetic-%%'")
        cur.execute("DELETE FROM articles_outlet WHERE slug LIKE 'synthetic-%%'")
        _write_stamp(cur, None)
        derived_version_bump()
