"""Linking cost must not grow with the corpus.

Builds a synthetic corpus in a dedicated benchmark database (bulk inserts of
quotes, printings and their shingle postings), then times the linking of the
same kind of new articles at ~1k quotes and at ~100k quotes, and prints

  per_article_ratio      median time to link one new article at the large
                         size / at the small size (target <= 1.5)
  candidates_per_quote   quotes verified word by word per new printing

usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench \\
      .venv/bin/python bench/linking.py [--small 1000] [--large 100000] [--json PATH]

The large corpus lives in the database named by DATABASE_URL (default:
claimtrack_bench), the small one in the same name + "_small". Both are
created if missing and EMPTIED (unless a previous run left the same corpus
there): never point DATABASE_URL at real data. New articles alternate
between the two, so load from other work on the machine hits both alike.

With --against SMALL_DB LARGE_DB it builds nothing and links the same kind
of new articles against two existing generate_corpus corpora instead
(bench/scale.py: 1k articles against the ten-times-scale corpus).
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from benchdb import create_database  # bench/ is the script folder, so on sys.path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

SPEAKERS = 1000
OUTLETS = 40
QUOTES_PER_ARTICLE = 10
# Stock phrases carried by ~1.5% of quotes each: above the common-shingle
# cap at the large size, below it at the small one.
STOCK = [
    "at the end of the day",
    "i want to be very clear",
    "we will not stand by",
    "make no mistake about it",
    "and that is why we",
    "it is important to remember",
]
BATCH = 5000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=60, help="new articles timed at each size")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpora even if a previous run left them")
    parser.add_argument(
        "--against", nargs=2, metavar=("SMALL_DB", "LARGE_DB"),
        help="link against these two existing databases (generate_corpus's corpora, as bench/scale.py keeps "
             "them) instead of building corpora of its own; they are only read (every article is rolled back)",
    )
    args = parser.parse_args()

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    if args.against:
        small_db, large_db = (f"{server}/{name}" for name in args.against)
    else:
        large_db = os.environ["DATABASE_URL"]
        small_db = f"{server}/{_db_name(large_db)}_small"
        for url in (large_db, small_db):
            create_database(url)
    import django

    django.setup()

    t0 = time.perf_counter()
    corpora = {}
    for size, url in (("small", small_db), ("large", large_db)):
        _use(url)
        corpus = Corpus(args.seed, _db_name(url))
        if args.against:
            corpus.load()
        else:
            corpus.prepare(getattr(args, size), rebuild=args.rebuild)
        corpora[size] = corpus
    build_s = time.perf_counter() - t0

    # Articles alternate between the two corpora, so that whatever else the
    # machine is doing slows both sizes alike.
    timings = {"small": [], "large": []}
    for i in range(args.articles + WARM):
        for size, corpus in corpora.items():
            _use(corpus.url)
            elapsed = corpus.link_one_article(i)
            if i >= WARM:
                timings[size].append(elapsed)
            elif i == WARM - 1:
                corpus.start_counting()
    small, large = (corpora[s].report(timings[s]) for s in ("small", "large"))
    result = {
        "per_article_ratio": round(large["median_s"] / small["median_s"], 3),
        "candidates_per_quote": round(large["candidates_per_printing"], 2),
        "small": small,
        "large": large,
        "build_seconds": round(build_s, 1),
    }
    print(f"corpus: {small['quotes']} quotes vs {large['quotes']} quotes ({large['shingles']} postings); "
          f"built in {build_s:.0f} s")
    print(f"per-article linking (median of {len(timings['large'])}): {small['median_s'] * 1000:.1f} ms at "
          f"{small['quotes']} quotes, {large['median_s'] * 1000:.1f} ms at {large['quotes']} quotes")
    print(f"per_article_ratio {result['per_article_ratio']}")
    print(f"candidates_per_quote {result['candidates_per_quote']} "
          f"(max {large['candidates_max']}; printings linked to an existing quote {large['linked_share']:.0%})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")


WARM = 3
BULK_INDEXES = ("shingle_quote", "quote_text_trgm", "quote_search_gin")


def _db_name(url):
    return url.rsplit("/", 1)[1].split("?")[0]


def _use(url):
    """Point Django's default connection at another benchmark database."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = _db_name(url)
    connection.ensure_connection()


class Corpus:
    def __init__(self, seed: int, name: str):
        self.seed = seed
        self.rng = random.Random(seed)
        self.name = name
        self.url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        self.vocab = self._vocabulary(8000)
        self.weights = [1 / (i + 1) for i in range(len(self.vocab))]  # Zipf: a few words everywhere
        self.quotes: list[tuple[int, int, str]] = []  # (id, speaker id, text) of the corpus
        self.day = date(2025, 1, 1)

    def _vocabulary(self, n):
        syllables = ["ba", "ke", "li", "mo", "nu", "ra", "se", "ti", "vo", "za", "pe", "do", "gi", "shu", "ter", "lan"]
        words = set()
        while len(words) < n:
            words.add("".join(self.rng.choice(syllables) for _ in range(self.rng.randint(1, 4))))
        return sorted(words, key=lambda w: (len(w), w))

    def sentence(self):
        words = self.rng.choices(self.vocab, self.weights, k=self.rng.randint(8, 40))
        if self.rng.random() < 0.015 * len(STOCK):
            at = self.rng.randrange(len(words))
            words[at:at] = self.rng.choice(STOCK).split()
        return " ".join(words).capitalize() + "."

    def prepare(self, size, *, rebuild):
        """A corpus of `size` quotes: reused when a previous run built the same one."""
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        with connection.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
            cur.execute("SELECT value FROM bench_meta WHERE key = 'corpus'")
            row = cur.fetchone()
        marker = json.dumps({"size": size, "seed": self.seed, "speakers": SPEAKERS, "stock": STOCK})
        if rebuild or not row or row[0] != marker:
            self.reset()
            self.grow(size)
            with connection.cursor() as cur:
                cur.execute(
                    "INSERT INTO bench_meta VALUES ('corpus', %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [marker],
                )
        self.load()

    def load(self):
        from django.db import connection

        from articles.models import Outlet
        from quotes.models import Speaker

        self.outlets = list(Outlet.objects.values_list("id", flat=True))
        self.speakers = list(Speaker.objects.values_list("id", "name"))
        with connection.cursor() as cur:
            # Statements that new articles will reprint (a benchmark may scan).
            cur.execute("SELECT id, speaker_id, text FROM quotes_quote ORDER BY random() LIMIT 5000")
            self.quotes = cur.fetchall()
            cur.execute("SELECT max(published) FROM articles_article")
            self.day = cur.fetchone()[0] or self.day

    def reset(self):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(
                "TRUNCATE quotes_quoteshingle, quotes_appearance, quotes_edit, quotes_suppressedspan, quotes_quote, "
                "quotes_speakeralias, quotes_speaker, articles_article, articles_outlet RESTART IDENTITY CASCADE"
            )
        from articles.models import Outlet
        from quotes.models import Speaker

        Outlet.objects.bulk_create([Outlet(name=f"Bench Outlet {i}", slug=f"bench-outlet-{i}") for i in range(OUTLETS)])
        Speaker.objects.bulk_create(
            [Speaker(name=f"Speaker {self._name(i)}", slug=f"speaker-{i}") for i in range(SPEAKERS)]
        )
        self.outlets = list(Outlet.objects.values_list("id", flat=True))
        self.speakers = list(Speaker.objects.values_list("id", "name"))
        from quotes.models import SpeakerAlias
        from quotes.services.speakers import name_key

        # New articles name speakers as the corpus does: resolved by alias key.
        SpeakerAlias.objects.bulk_create(
            [SpeakerAlias(speaker_id=i, alias=n, key=name_key(n)) for i, n in self.speakers]
        )

    def _name(self, i):
        return "".join(chr(ord("a") + int(d)) for d in str(i)).capitalize() + "son"

    def grow(self, n):
        """Add n quotes, each printed once, with their postings, in bulk."""
        from django.db import connection, reset_queries

        from articles.models import Article
        from quotes.linking import index_shingles, pieces
        from quotes.models import Appearance, Quote

        # Building indexes once after the load is far faster than updating
        # them row by row (the trigram and full-text GIN indexes above all).
        with connection.cursor() as cur:
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(BULK_INDEXES)])
            indexes = cur.fetchall()
            cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'shingle_unique'")
            unique = cur.fetchone()[0]
            cur.execute("ALTER TABLE quotes_quoteshingle DROP CONSTRAINT shingle_unique")
            for name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
        done = 0
        while done < n:
            k = min(BATCH, n - done)
            texts = [self.sentence() for _ in range(k)]
            speakers = [self.rng.choice(self.speakers)[0] for _ in range(k)]
            self.day += timedelta(days=1)
            quotes = Quote.objects.bulk_create(
                [
                    Quote(speaker_id=s, text=t, kind="direct", outlet_count=1, appearance_count=1,
                          first_published=self.day, last_published=self.day)
                    for s, t in zip(speakers, texts)
                ]
            )
            articles = Article.objects.bulk_create(
                [
                    Article(
                        outlet_id=self.rng.choice(self.outlets), source_name=f"bench-{quotes[i].id}.txt",
                        published=self.day, text="\n\n".join(f"“{t}” he said." for t in texts[i:i + QUOTES_PER_ARTICLE]),
                        content_hash=f"bench-{quotes[i].id}", status="done",
                    )
                    for i in range(0, k, QUOTES_PER_ARTICLE)
                ]
            )
            appearances = []
            for a_index, article in enumerate(articles):
                pos = 0
                for t, q in zip(texts[a_index * QUOTES_PER_ARTICLE:], quotes[a_index * QUOTES_PER_ARTICLE:][:QUOTES_PER_ARTICLE]):
                    appearances.append(Appearance(quote=q, article=article, spans=[[pos + 1, pos + 1 + len(t)]],
                                                  start=pos + 1, end=pos + 1 + len(t), text=t, kind="direct", cue="said"))
                    pos += len(t) + len("“” he said.\n\n")
            Appearance.objects.bulk_create(appearances, batch_size=BATCH)
            with connection.cursor() as cur:
                with cur.copy("COPY quotes_quoteshingle (hash, quote_id) FROM STDIN") as copy:
                    for q, t in zip(quotes, texts):
                        for h in index_shingles(pieces(t)):
                            copy.write_row((h, q.id))
            self.quotes += [(q.id, s, t) for q, s, t in zip(quotes, speakers, texts)]
            done += k
            reset_queries()
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '256MB'")
            cur.execute(f"ALTER TABLE quotes_quoteshingle ADD CONSTRAINT shingle_unique {unique}")
            for _, definition in indexes:
                cur.execute(definition)
            cur.execute("ANALYZE quotes_quoteshingle; ANALYZE quotes_quote; ANALYZE quotes_appearance")

    def new_article_printings(self):
        """One new article's quotes: half are variants of corpus statements
        (trimmed, a word changed, a two- or three-word fragment, marks and
        case changed), half new ones, a few of those without a speaker."""
        printings = []
        for _ in range(QUOTES_PER_ARTICLE):
            roll = self.rng.random()
            if roll < 0.5:
                _, speaker_id, text = self.rng.choice(self.quotes)
                words = text.rstrip(".").split()
                if roll < 0.2:  # a trimmed partial quote
                    i = self.rng.randrange(0, max(1, len(words) - 8))
                    words = words[i:i + self.rng.randint(6, 12)]
                elif roll < 0.3:  # one word changed
                    words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
                elif roll < 0.38:  # a fragment, joined through the article's story
                    i = self.rng.randrange(0, max(1, len(words) - 3))
                    words = words[i:i + self.rng.randint(2, 3)]
                variant = " ".join(words).upper() if roll > 0.45 else " ".join(words)
                printings.append((speaker_id, variant))
            elif roll < 0.53:
                printings.append((None, self.sentence()))
            else:
                printings.append((self.rng.choice(self.speakers)[0], self.sentence()))
        return printings

    def start_counting(self):
        from quotes.services import linking

        self.stats = linking.LinkStats()
        self.linked = self.printed = 0

    def link_one_article(self, i):
        """Time article_apply_extraction for one new article, then roll it
        back, so the corpus stays exactly as built."""
        from django.db import reset_queries, transaction

        from articles.models import Article
        from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
        from quotes.services import linking
        from quotes.services.extraction import article_apply_extraction

        # The linking counters are per process: keep each corpus's apart.
        linking.stats, saved = getattr(self, "stats", linking.LinkStats()), linking.stats
        names = dict(self.speakers) | {None: "A spokesperson"}
        printings = self.new_article_printings()
        text, spans = "", []
        for speaker_id, quote in printings:
            text += "“"
            spans.append((len(text), len(text) + len(quote)))
            text += f"{quote}” {names[speaker_id]} said.\n\n"
        with transaction.atomic():
            article = Article.objects.create(
                outlet_id=self.outlets[0], source_name=f"new-{i}.txt", text=text, published=self.day,
                content_hash=f"new-{i}-{self.name}", status="processing",
            )
            extraction = ArticleExtraction(
                quotes=tuple(
                    ExtractedQuote(spans=(Span(s, e, text[s:e]),), kind="direct", speaker=sp and names[sp],
                                   speaker_as_written=names[sp], cue="said")
                    for (sp, _), (s, e) in zip(printings, spans)
                ),
                people=tuple(Person(name=names[sp], aliases=(), descriptions=()) for sp in {sp for sp, _ in printings if sp}),
            )
            start = time.perf_counter()
            article_apply_extraction(article_id=article.id, extraction=extraction)
            elapsed = time.perf_counter() - start
            self.linked = getattr(self, "linked", 0) + sum(
                1 for n in article.appearances.values_list("quote__appearance_count", flat=True) if n > 1
            )
            self.printed = getattr(self, "printed", 0) + len(printings)
            transaction.set_rollback(True)
        reset_queries()
        self.stats, linking.stats = linking.stats, saved
        return elapsed

    def report(self, times):
        from quotes.models import Quote, QuoteShingle

        _use(self.url)
        return {
            "quotes": Quote.objects.count(),
            "shingles": QuoteShingle.objects.count(),
            "articles_timed": len(times),
            "median_s": statistics.median(times),
            "mean_s": statistics.fmean(times),
            "candidates_per_printing": self.stats.candidates / self.stats.printings,
            "candidates_max": self.stats.max_candidates,
            "linked_share": self.linked / self.printed,
        }


if __name__ == "__main__":
    main()
