"""Linking: find the Quote a new printing belongs to, or start a new one.

The phrase graph of quotes/linking/ mapped onto the database. Candidates
come from the QuoteShingle postings table (index lookups, never a scan of
the corpus), ranked by shared shingles; only the top few are verified word
by word. A printing that matches several quotes is new evidence that they
are one statement: they are merged, unless an editor locked them.
Identical wording links whatever speaker extraction gave it (the conflict
is recorded). Fragments of one to three words are joined afterwards, per
article, to the one statement of their story that contains them. A reported
claim that no printing matches word for word is compared on its terms with
the speaker's claims of the same days (`_claim_candidate`): outlets put a
claim in their own words.
"""
import functools
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection

from articles.models import Article
from quotes.linking import Variant, canonical_text, decide, index_shingles, pieces, query_shingles
from quotes.linking.claims import CLAIM_LINK_DAYS, CLAIM_LINK_THRESHOLD, Terms, claim_score, term_counts
from quotes.linking.match import FRAGMENT, RULES, contains
from quotes.linking.shingles import exact_key
from quotes.linking.split import is_run_on_pair, is_split_pair, is_turn_pair
from quotes.models import Appearance, Quote, QuoteShingle, Speaker
from quotes.nlp.lexicon import load_lexicon
from quotes.services.locks import hold_article_write_lock

# Verified per new printing: ranking by shared shingles puts the true
# statement first; the rest is slack for bridged and edited variants.
CANDIDATES = 8
# A shingle carried by more quotes than this is a stock phrase ("at the end
# of the day"): it says nothing about which statement this is, and its
# postings list is the only thing that would grow with the corpus.
COMMON_SHINGLE = 1000
# Printings compared per candidate quote; its canonical text covers the rest.
VARIANTS_PER_QUOTE = 40
# Longest printings used to compose a quote's canonical text.
CANONICAL_FROM = 40


@dataclass
class LinkStats:
    """Counters for the benchmark and for monitoring: how much verification
    work printings cost. Plain counters, so a long-lived worker does not grow."""

    printings: int = 0
    candidates: int = 0
    max_candidates: int = 0
    merges: int = 0

    def reset(self) -> None:
        self.printings = self.candidates = self.max_candidates = self.merges = 0


stats = LinkStats()
# Linking reads the quotes it may join and then writes: two workers linking
# the same new statement at once would each create it. Linking writes are
# short (the parse runs before the transaction), so they take turns, under
# the lock speaker resolution takes too (services/locks.py).


def quote_for_printing(
    *,
    article: Article,
    speaker: Speaker | None,
    text: str,
    kind: str,
    spans: list[tuple[int, int]],
    cue: str | None = None,
    terms: Terms | None = None,
    lock_held: bool = False,
) -> Quote:
    """The Quote this printing (at `spans` of `article`) belongs to; a new one
    if none. `terms`: a reported claim's terms, to find it printed in other words.
    `lock_held`: the caller took the article write lock in this transaction already."""
    if not lock_held:
        hold_article_write_lock()   # to the end of the article's transaction (services/locks.py)
    lengths = [end - start for start, end in spans]
    printed = pieces(text, lengths)
    new = Variant.of(text, article.published, lengths)
    candidate_ids, split_ids, found = _candidates(
        article=article, speaker=speaker, printed=printed, spans=spans, cue=cue
    )
    others = set(found.identical) | set(found.contained)
    candidate_ids += [q for q in [*found.identical, *found.contained] if q not in candidate_ids]
    stats.printings += 1
    stats.candidates += len(candidate_ids)
    stats.max_candidates = max(stats.max_candidates, len(candidate_ids))
    matched, partial_of = [], []
    claim = kind == Quote.Kind.INDIRECT
    for quote, variants in _variants(candidate_ids).items():
        if (quote.kind == Quote.Kind.INDIRECT) != claim:
            # A reported claim that quotes a phrase ("the plant had ‘built great
            # cars’") is not a printing of the quotation: joined, the claim's
            # words became a variant of the quote and kept other outlets' full
            # printings of it from matching.
            continue
        if quote.id in split_ids or quote.id in found.identical:
            matched.append(quote)
        elif quote.id in others:
            if any(_same_words(new, v) for v, _ in variants):
                matched.append(quote)
        else:
            decisions = [(decide(new, v), v) for v, _ in variants]
            if any(d.link for d, _ in decisions):
                matched.append(quote)
                if all(d.how == "contained" and len(new) < len(v) for d, v in decisions if d.link):
                    partial_of.append(quote)
    if len(matched) > 1 and len(partial_of) == len(matched):
        # A partial quote that several statements contain is no evidence
        # that they are one: it is printed with the best-ranked of them, and
        # they stay apart (two things a speaker said can share a phrase).
        matched = matched[:1]
    if not matched and kind == Quote.Kind.INDIRECT and terms:
        matched = _claim_candidate(article=article, speaker=speaker, terms=terms)
    if matched:
        quote = _merge_matches(matched)
        if quote.id in split_ids and (speaker is None or quote.speaker_id is None):
            # The paragraphs of a run-on quotation: one of them names the speaker.
            if speaker is not None and not quote.editor_locked:
                Quote.objects.filter(id=quote.id).update(speaker=speaker)
                quote.speaker = speaker
        elif quote.speaker_id != (speaker.id if speaker else None):
            quote = _speaker_conflict(quote=quote, speaker=speaker, article=article)
    else:
        quote = Quote.objects.create(speaker=speaker, text=text, kind=kind, first_published=article.published)
    _index(quote_id=quote.id, printed=printed)
    return quote


# Claims of the speaker compared per new claim: the newest within the days,
# so a speaker quoted every hour costs the same as any.
CLAIM_CANDIDATES = 200


def _claim_candidate(*, article: Article, speaker: Speaker | None, terms: Terms) -> list[Quote]:
    """The speaker's statement that this reported claim restates in other
    words, as a one-item list, or []. Only the same speaker's claims printed
    within CLAIM_LINK_DAYS count: a claim is somebody's, and said again weeks
    later it is news again. Each term weighs by how rare it is among those
    claims, so the story's own words do not make two claims one."""
    if speaker is None:
        # Without a source there is nothing to say whose claim it is.
        return []
    rows = Appearance.objects.filter(kind=Quote.Kind.INDIRECT, quote__speaker=speaker, quote__hidden=False).exclude(
        terms={}
    )
    if article.published is not None:
        days = timedelta(days=CLAIM_LINK_DAYS)
        rows = rows.filter(article__published__range=(article.published - days, article.published + days))
    printed = [(quote_id, Terms.from_json(t)) for quote_id, t in rows.order_by("-id").values_list("quote_id", "terms")[
        :CLAIM_CANDIDATES]]
    if not printed:
        return []
    counts = term_counts([terms, *(t for _, t in printed)])
    best: dict[int, float] = {}
    for quote_id, other in printed:
        best[quote_id] = max(best.get(quote_id, 0.0), claim_score(terms, other, counts))
    ranked = sorted((q for q, score in best.items() if score >= CLAIM_LINK_THRESHOLD), key=lambda q: -best[q])
    # A wrong merge is worse than a missed one: the best statement only,
    # never several merged on the strength of a paraphrase.
    quotes, _ = _lock_current(ranked[:1])
    return list(quotes.values())


def _attribution_rank(speaker: Speaker | None) -> int:
    return 0 if speaker is None else 1 if speaker.is_group else 2


def _same_words(a: Variant, b: Variant) -> bool:
    """Across speakers only the words decide: all of the shorter printing's,
    contiguous in the longer, and a real stretch of speech."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= RULES.min_run and contains(short, long)


def quotes_refresh_canonical(*, quote_ids: set[int]) -> None:
    """Recompose the canonical wording from the printings. Editor-locked
    quotes keep theirs: an editor decided what they are."""
    rows: dict[int, list[tuple[str, str]]] = {}
    current = {}
    for quote_id, text, kind, q_text, q_kind in (
        Appearance.objects.filter(quote_id__in=quote_ids, quote__editor_locked=False)
        .values_list("quote_id", "text", "kind", "quote__text", "quote__kind")
        .order_by("quote_id", "article__published", "id")
    ):
        rows.setdefault(quote_id, []).append((text, kind))
        current[quote_id] = (q_text, q_kind)
    changed = []
    for quote_id, printings in rows.items():
        # Distinct wordings, longest first; of equally long ones, the earliest
        # printed (the rows' order), so that a tie does not fall to the order
        # of a set of strings, which changes with each process's hash seed.
        texts = sorted(dict.fromkeys(t for t, _ in printings), key=len, reverse=True)[:CANONICAL_FROM]
        kinds = {k for _, k in printings}
        kind = next(k for k in (Quote.Kind.DIRECT, Quote.Kind.PARTIAL, Quote.Kind.INDIRECT, *kinds) if k in kinds)
        wanted = (canonical_text(texts), kind)
        if wanted != current[quote_id]:
            changed.append(Quote(id=quote_id, text=wanted[0], kind=wanted[1]))
    # One statement for them all (in the derived refresh, _recount's update
    # has locked these rows already).
    Quote.objects.bulk_update(changed, ["text", "kind"])


@functools.cache
def _reporting_verbs() -> frozenset[str]:
    """Every form of the reporting verbs (quotes/nlp/data), for the
    attribution between split halves that extraction left without a cue."""
    return frozenset(load_lexicon().verb_forms)


def _candidates(
    *, article: Article, speaker: Speaker | None, printed: list[list[str]], spans: list[tuple[int, int]], cue
) -> tuple[list[int], set[int], "Found"]:
    """Candidate quote ids, best first, those of them that hold the other
    half of a quotation split around its attribution, and the postings'
    candidates of other speakers."""
    postings = _postings(printed, speaker, article=article, fragment=sum(len(p) for p in printed) <= FRAGMENT)
    found = list(postings.ranked)
    # The article's own printings so far are where the halves of a split
    # quotation meet, and the paragraphs of one that runs on. Small, and
    # independent of the corpus size.
    split: set[int] = set()
    start, end = spans[0][0], spans[-1][1]
    me = speaker.id if speaker else None
    for quote_id, o_speaker, o_start, o_end, o_cue in postings.article_printings:
        same = o_speaker == me
        # Extraction may attribute only one half of a split quotation (the
        # other half's cue is the same attribution); the halves are joined
        # and the statement keeps the speaker.
        if (same or o_speaker is None or me is None) and (
            is_split_pair(article.text, (o_start, o_end), start, (o_cue, cue), _reporting_verbs())
            or is_split_pair(article.text, (start, end), o_start, (cue, o_cue), _reporting_verbs())
        ):
            split.add(quote_id)
        elif (same or o_speaker is None or speaker is None) and (
            is_run_on_pair(article.text, o_end, start) or is_run_on_pair(article.text, end, o_start)
        ):
            # Later paragraphs of a run-on quotation rarely name the speaker.
            split.add(quote_id)
        elif same and me is not None and (
            is_turn_pair(article.text, o_end, start) or is_turn_pair(article.text, end, o_start)
        ):
            # The paragraphs of one transcript answer, each attributed by
            # its label.
            split.add(quote_id)
    found += sorted(split)
    return list(dict.fromkeys(found)), split, postings


# The lookups in one round trip: quotes sharing the most shingles with the
# printing, and short partial quotes whose whole wording it contains (and
# the others of _postings). A hash is skipped when it has more than `cap`
# postings; counting them stops at cap + 1 rows of the (hash, quote) index,
# so a stock phrase costs the same at any corpus size. The last branch is
# the article's own printings so far (see _candidates), in the same round
# trip since every printing needs them: their speaker, offsets and cue in
# the last four columns.
_POSTINGS_SQL = """
WITH h AS (
    SELECT DISTINCT hash, kind FROM unnest(%(ranked)s::bigint[], %(kinds)s::int[]) AS t(hash, kind)
),
usable AS (
    SELECT h.hash, h.kind FROM h
    WHERE (SELECT count(*) FROM (
        SELECT 1 FROM quotes_quoteshingle s WHERE s.hash = h.hash LIMIT %(cap)s + 1
    ) c) <= %(cap)s
),
shared AS (
    SELECT s.quote_id, usable.kind, count(*) AS shared, q.speaker_id
    FROM usable
    JOIN quotes_quoteshingle s ON s.hash = usable.hash
    JOIN quotes_quote q ON q.id = s.quote_id
    WHERE NOT q.hidden
    GROUP BY s.quote_id, usable.kind, q.speaker_id
),
-- Each hit's speaker looked up by its key after grouping: joined before,
-- the planner hashed the whole speaker table for every printing.
hits AS (
    SELECT quote_id, kind, shared, speaker_id IS NOT DISTINCT FROM %(speaker)s AS same,
           speaker_id IS NULL OR coalesce((SELECT is_group FROM quotes_speaker sp WHERE sp.id = speaker_id), false)
               AS unsure
    FROM shared
)
(SELECT quote_id, 0, NULL::bigint, NULL::int, NULL::int, NULL::varchar FROM hits WHERE kind = 0 AND same ORDER BY shared DESC, quote_id DESC LIMIT %(limit)s)
UNION ALL
(SELECT quote_id, 1, NULL, NULL, NULL, NULL FROM hits WHERE kind = 1 AND same ORDER BY shared DESC, quote_id DESC LIMIT %(limit)s)
UNION ALL
(SELECT quote_id, 2, NULL, NULL, NULL, NULL FROM hits WHERE kind = 2 AND NOT same ORDER BY quote_id DESC LIMIT %(limit)s)
UNION ALL
(SELECT quote_id, 3, NULL, NULL, NULL, NULL FROM hits WHERE kind = 0 AND NOT same AND (unsure OR %(unsure)s)
 ORDER BY shared DESC, quote_id DESC LIMIT %(other)s)
UNION ALL
(SELECT a.quote_id, 4, q.speaker_id, a.start, a."end", a.cue
 FROM quotes_appearance a JOIN quotes_quote q ON q.id = a.quote_id
 WHERE a.article_id = %(article)s AND NOT q.hidden)
"""
# Quotes of another speaker verified per printing for "the same words,
# another attribution" (see _postings).
OTHER_SPEAKER_CANDIDATES = 3


@dataclass
class Found:
    ranked: list[int]  # the speaker's quotes sharing shingles, best first
    identical: list[int]  # other speakers' quotes printed with exactly these words
    contained: list[int]  # unsure speakers' quotes that may contain, or be contained in, these words
    # the article's printings so far: (quote, its speaker, start, end, cue)
    article_printings: list[tuple[int, int | None, int, int, str]]


def _postings(printed: list[list[str]], speaker: Speaker | None, *, article: Article, fragment: bool) -> Found:
    """One round trip: the speaker's quotes sharing the most shingles with the
    printing and short partial quotes whose whole wording it contains; other
    speakers' quotes with exactly its wording; and, when one side's speaker
    is unsure (none, or a group: what extraction gives when it cannot find
    the person), other speakers' quotes sharing the most shingles with it;
    and the article's own printings so far."""
    ranked, fragments = query_shingles(printed)
    if fragment:  # a fragment joins a statement only through its story (article_link_fragments)
        ranked, fragments = set(), set()
    exact = [key] if (key := exact_key(printed)) is not None else []
    params = {
        "ranked": [*ranked, *fragments, *exact],
        "kinds": [0] * len(ranked) + [1] * len(fragments) + [2] * len(exact),
        "cap": COMMON_SHINGLE,
        "speaker": speaker.id if speaker else None,
        "unsure": speaker is None or speaker.is_group,
        "limit": CANDIDATES,
        "other": OTHER_SPEAKER_CANDIDATES,
        "article": article.id,
    }
    with connection.cursor() as cur:
        cur.execute(_POSTINGS_SQL, params)
        rows = cur.fetchall()
    return Found(
        ranked=[q for q, branch, *_ in rows if branch in (0, 1)],
        identical=[q for q, branch, *_ in rows if branch == 2],
        contained=[q for q, branch, *_ in rows if branch == 3],
        article_printings=[(q, *printing) for q, branch, *printing in rows if branch == 4],
    )


def _speaker_conflict(*, quote: Quote, speaker: Speaker | None, article: Article) -> Quote:
    """The same words came with another speaker than the quote's. With no
    confidence to compare yet, a named person beats a group, which beats
    none; otherwise the quote keeps its own. Either way the conflict is
    recorded for the editors (see selectors.speaker_conflicts_open)."""
    from quotes.models import SpeakerConflict

    SpeakerConflict.objects.get_or_create(quote=quote, article=article, speaker=speaker)
    if _attribution_rank(speaker) > _attribution_rank(quote.speaker) and not quote.editor_locked:
        Quote.objects.filter(id=quote.id).update(speaker=speaker)
        quote.speaker = speaker
    return quote


_PRINTINGS_SQL = """
SELECT q.id, a.text, a.article_id, art.published, a.spans
FROM unnest(%(ids)s::bigint[]) AS q(id)
CROSS JOIN LATERAL (
    SELECT text, article_id, spans FROM quotes_appearance WHERE quote_id = q.id ORDER BY id DESC LIMIT %(limit)s
) a
JOIN articles_article art ON art.id = a.article_id
"""


def _variants(quote_ids: list[int]) -> dict[Quote, list[tuple[Variant, int | None]]]:
    """Each candidate with its canonical text and its distinct printings."""
    if not quote_ids:
        return {}
    quotes, rank = _lock_current(quote_ids)
    # An editor-locked quote's text is whatever the editor left (perhaps the
    # wording from before a split): only its printings speak for it.
    out = {
        q: [] if q.editor_locked else [(Variant.of(q.text, q.first_published), None)] for q in quotes.values()
    }
    # Printings are compared with their article: a fragment's context is
    # "printed in the same article", which the canonical text cannot say.
    seen: dict[int, set[str]] = {q.id: set() for q in quotes.values()}
    with connection.cursor() as cur:
        # The newest printings of each candidate (which include this
        # article's), a bounded number however widely a quote was carried.
        cur.execute(_PRINTINGS_SQL, {"ids": list(quotes), "limit": VARIANTS_PER_QUOTE})
        rows = cur.fetchall()
    for quote_id, text, article_id, published, spans in rows:
        if text not in seen[quote_id]:
            seen[quote_id].add(text)
            out[quotes[quote_id]].append((Variant.of(text, published, _lengths(spans)), article_id))
    # Ranked order: the verification below returns the best match first.
    return dict(sorted(out.items(), key=lambda kv: rank[kv[0].id]))


def _lock_current(quote_ids: list[int]) -> tuple[dict[int, Quote], dict[int, int]]:
    """The candidates as they are now, row-locked until the article's
    transaction ends, and each one's rank. The candidates were found without
    locks, and an editor may since have merged one away: it then stands for
    the quote it was merged into (the printing must not land on a hidden
    quote), and a hidden one is no candidate. Locks are taken in id order,
    as the editors' are."""
    # With their speakers (not locked): the verification compares attributions.
    rows = {
        q.id: q
        for q in Quote.objects.select_for_update(of=("self",)).select_related("speaker").filter(id__in=quote_ids)
        .order_by("id")
    }
    quotes, rank = {}, {}
    for i, qid in enumerate(quote_ids):
        quote = quote_kept(rows[qid], lock=True) if qid in rows else None
        if quote is not None and quote.id not in quotes:
            quotes[quote.id] = quote
            rank[quote.id] = i
    return quotes, rank


def quote_kept(quote: Quote, *, lock: bool = False) -> Quote | None:
    """The visible quote that stands for `quote` now: itself, or the one an
    editor merged it into (following later merges), or None if it is hidden.
    With `lock`, each quote on the way is row-locked."""
    manager = Quote.objects.select_for_update() if lock else Quote.objects
    seen = set()
    while quote is not None and quote.merged_into_id and quote.id not in seen:
        seen.add(quote.id)
        quote = manager.filter(id=quote.merged_into_id).first()
    return quote if quote is not None and not quote.hidden else None


def _lengths(spans) -> list[int] | None:
    try:
        return [int(end) - int(start) for start, end in spans or []]
    except (TypeError, ValueError):
        return None


def _merge_matches(matched: list[Quote]) -> Quote:
    """One target for the printing; the other matches are the same statement
    and are merged into it, except quotes an editor locked (an editor's
    split or merge is never undone by automatic linking)."""
    locked = [q for q in matched if q.editor_locked]
    # A named person beats a group, which beats none (the same words
    # printed with another attribution).
    target = locked[0] if locked else max(
        matched, key=lambda q: (_attribution_rank(q.speaker), q.appearance_count, -q.id)
    )
    sources = [q for q in matched if q.id != target.id and not q.editor_locked]
    if sources:
        quotes_merge_automatic(target=target, sources=sources)
    return target


def quotes_merge_automatic(*, target: Quote, sources: list[Quote]) -> None:
    """New evidence showed that `sources` are `target`'s statement: move their
    printings and postings over and delete them (they were never an
    editor's, so there is no history to keep)."""
    source_ids = [q.id for q in sources]
    stats.merges += len(source_ids)
    Appearance.objects.filter(quote_id__in=source_ids).update(quote=target)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO quotes_quoteshingle (hash, quote_id) "
            "SELECT hash, %s FROM quotes_quoteshingle WHERE quote_id = ANY(%s) ON CONFLICT DO NOTHING",
            [target.id, source_ids],
        )
        cur.execute(
            "INSERT INTO quotes_speakerconflict (quote_id, article_id, speaker_id, created_at, resolved_at) "
            "SELECT %s, article_id, speaker_id, created_at, resolved_at FROM quotes_speakerconflict "
            "WHERE quote_id = ANY(%s) ON CONFLICT DO NOTHING",
            [target.id, source_ids],
        )
    # Reach, kind and wording are recomputed by quotes_refresh_derived; the first
    # date is needed sooner, by the next printing's verification.
    first = min((d for d in [target.first_published, *(q.first_published for q in sources)] if d), default=None)
    Quote.objects.filter(id=target.id).update(first_published=first)
    Quote.objects.filter(id__in=source_ids).delete()


def _index(*, quote_id: int, printed: list[list[str]]) -> None:
    hashes = index_shingles(printed)
    if hashes:
        # One array parameter rather than a model and two parameters per
        # posting (a printing has dozens): the insert is every printing's.
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO quotes_quoteshingle (hash, quote_id) SELECT unnest(%s::bigint[]), %s "
                "ON CONFLICT DO NOTHING",
                [list(hashes), quote_id],
            )


def quotes_reindex(*, quote_ids: set[int]) -> None:
    """Rebuild these quotes' postings from their current printings: after an
    editor moved printings between quotes, the postings must follow them, or
    the next printing of a split-off statement would not find it."""
    if not quote_ids:
        return
    QuoteShingle.objects.filter(quote_id__in=quote_ids).delete()
    rows = Appearance.objects.filter(quote_id__in=quote_ids, quote__hidden=False).values_list(
        "quote_id", "text", "spans"
    )
    postings = {
        (h, quote_id) for quote_id, text, spans in rows for h in index_shingles(pieces(text, _lengths(spans)))
    }
    QuoteShingle.objects.bulk_create([QuoteShingle(hash=h, quote_id=q) for h, q in postings], ignore_conflicts=True)



# --- fragments -------------------------------------------------------------

# A story: the article, and the articles that printed one of its statements
# within this many days. A fragment joins the one statement of its speaker
# in the story that contains its words.
STORY_DAYS = 7
# Printings followed per statement to find the story's articles: the
# newest ones, so a statement carried everywhere costs the same as any.
STORY_PRINTINGS_PER_QUOTE = 20

_STORY_SQL = """
SELECT DISTINCT other.article_id
FROM (SELECT DISTINCT quote_id FROM quotes_appearance WHERE article_id = %(article)s) mine
CROSS JOIN LATERAL (
    SELECT article_id FROM quotes_appearance a
    WHERE a.quote_id = mine.quote_id AND a.article_id <> %(article)s
    ORDER BY a.id DESC LIMIT %(per_quote)s
) other
JOIN articles_article art ON art.id = other.article_id
WHERE %(published)s::date IS NULL OR art.published IS NULL
   OR abs(art.published - %(published)s::date) <= %(days)s
"""


def article_link_fragments(*, article: Article) -> set[int]:
    """Join the fragments of this article's story (printings of one to three
    words) to the statement they were cut from, when exactly one statement
    of their speaker in the story contains their words. Runs after all of
    the article's printings are linked, so that the story is complete in
    either order of arrival: the full statement may come later, from
    another outlet. Returns the quotes it changed."""
    from quotes.models import SpeakerAlias

    with connection.cursor() as cur:
        cur.execute(
            _STORY_SQL,
            {"article": article.id, "per_quote": STORY_PRINTINGS_PER_QUOTE, "published": article.published,
             "days": STORY_DAYS},
        )
        story = {article.id, *(row[0] for row in cur.fetchall())}
    printings: dict[int, list] = {}
    info: dict[int, tuple] = {}
    # Reported claims are paraphrase: a fragment of someone's words is cut from
    # a quotation, never from a claim that happens to repeat them.
    unnamed: set[int] = set()
    for quote_id, speaker_id, kind, locked, q_text, text, spans, article_id, start, end in Appearance.objects.filter(
        article_id__in=story, quote__hidden=False
    ).exclude(quote__kind=Quote.Kind.INDIRECT).values_list(
        "quote_id", "quote__speaker_id", "quote__speaker__source_kind", "quote__editor_locked", "quote__text", "text",
        "spans", "article_id", "start", "end",
    ):
        printings.setdefault(quote_id, []).append((Variant.of(text, None, _lengths(spans)), article_id, start, end))
        info[quote_id] = (speaker_id, locked, q_text)
        if speaker_id is None or kind == Speaker.SourceKind.UNNAMED:
            unnamed.add(quote_id)
    # The canonical text covers printings outside the story too: a quote is
    # a fragment only if nobody printed more of it anywhere.
    statements = {
        q: [Variant.of(info[q][2]), *(v for v, *_ in rows)]
        for q, rows in printings.items()
        if max(len(Variant.of(info[q][2])), *(len(v) for v, *_ in rows)) > FRAGMENT
    }
    fragments = [q for q in printings if q not in statements and not info[q][1]]
    # A printing too short to link across speakers by its words alone
    # (under RULES.min_run) that extraction could not give a named speaker
    # ("to pick winners", "the finance chief": "a charge we take once") is
    # a piece of the one statement in the story that contains it, when its
    # article names that statement's speaker.
    pieces_unnamed = [q for q in statements if q in unnamed and not info[q][1]
                      and max(len(v) for v in statements[q]) < RULES.min_run]
    if not (fragments or pieces_unnamed):
        return set()
    names = _names_near([*fragments, *pieces_unnamed], printings, info, statements, SpeakerAlias, unnamed)
    merges: dict[int, list[int]] = {}
    for f in [*fragments, *pieces_unnamed]:
        speaker_id = info[f][0]
        words_f = [v for v, *_ in printings[f]]
        containing = [
            q for q, variants in statements.items()
            if q != f and any(contains(w, v) for w in words_f for v in variants)
        ]
        own = [q for q in containing if speaker_id is not None and info[q][0] == speaker_id]
        if len(own) == 1:
            # the speaker's own statement first, as for any fragment ("the
            # finance chief" quoted at length elsewhere in the story)
            containing = own
        elif f in unnamed and f in fragments and (names[f][0] or speaker_id is None):
            # A speaker named beside the fragment decides between statements;
            # a few words with nobody named beside them may be anyone's.
            containing = [q for q in containing if info[q][0] in names[f][0]]
        elif f in unnamed:
            # Whoever else said these words, exactly one statement has them.
            containing = containing if len(containing) == 1 and info[containing[0]][0] in names[f][1] else []
        else:
            containing = [q for q in containing if info[q][0] == speaker_id]
        if len(containing) == 1 and containing[0] not in pieces_unnamed:
            merges.setdefault(containing[0], []).append(f)
    # The same few words by the same speaker in one story, that no longer
    # statement contains: one short statement printed by several outlets
    # ("We hear you," in six articles), not fragments of anything.
    merged = {f for sources in merges.values() for f in sources}
    same: dict[tuple, list[int]] = {}
    for f in fragments:
        # (named speakers only: two unnamed "officials" saying "No comment"
        # are not one statement)
        if f not in merged and info[f][0] is not None and f not in unnamed:
            for v, *_ in printings[f]:
                same.setdefault((info[f][0], tuple(v.words)), []).append(f)
    for ids in same.values():
        ids = sorted(set(ids) - merged)
        if len(ids) > 1:
            merges.setdefault(ids[0], []).extend(ids[1:])
            merged |= set(ids)
    # The same few words printed without a named speaker ("before the
    # monsoon," the state health secretary said) join the one named
    # speaker's printing of them in the story, when the article names that
    # speaker: extraction missed the name, not the words.
    said_by: dict[tuple, set[int]] = {}
    for speaker_id, words in same:
        said_by.setdefault(words, set()).add(speaker_id)
    for f in fragments:
        if f in merged or f not in unnamed or info[f][1]:
            continue
        for v, *_ in printings[f]:
            speakers = said_by.get(tuple(v.words), set())
            if len(speakers) == 1 and speakers <= names[f][1]:
                (speaker_id,) = speakers
                target = min(same[(speaker_id, tuple(v.words))])
                merges.setdefault(target, []).append(f)
                merged.add(f)
                break
    _nest_fragments(fragments, printings, info, unnamed, merges)
    touched = set()
    for target_id, source_ids in merges.items():
        # Locked in id order, as the editors' services lock them.
        locked = Quote.objects.select_for_update().filter(id__in=[target_id, *source_ids]).order_by("id")
        rows = {q.id: q for q in locked}
        target = rows.get(target_id)
        sources = [rows[i] for i in source_ids if i in rows and not rows[i].editor_locked and not rows[i].hidden]
        if target is not None and not target.hidden and sources:
            quotes_merge_automatic(target=target, sources=sources)
            touched |= {target_id, *source_ids}
    return touched


def _nest_fragments(fragments, printings, info, unnamed, merges: dict[int, list[int]]) -> None:
    """A few words inside exactly one longer fragment of the same named
    speaker in the story ("unrealistic" / "an unrealistic objective", when
    no outlet printed the whole sentence): pieces of one statement, so the
    shorter joins the longer (with whatever joined it already)."""
    target_of = {s: t for t, sources in merges.items() for s in sources}
    for f in sorted(fragments, key=lambda q: min(len(v.words) for v, *_ in printings[q])):
        if f in target_of or info[f][0] is None or f in unnamed:
            continue
        words_f = [v for v, *_ in printings[f]]
        longer = {
            target_of.get(q, q) for q in fragments
            if q != f and info[q][0] == info[f][0] and q not in unnamed
            and any(len(v.words) > len(w.words) and contains(w, v) for w in words_f for v, *_ in printings[q])
        } - {f}
        if len(longer) == 1:
            (target,) = longer
            moved = [f, *merges.pop(f, [])]
            merges.setdefault(target, []).extend(moved)
            for source in moved:
                target_of[source] = target


def _names_near(fragments, printings, info, statements, alias_model, unnamed) -> dict[int, tuple[set[int], set[int]]]:
    """For each fragment without a named speaker, the speakers of the story's
    statements that its article names in the same paragraph, and anywhere."""
    out: dict[int, tuple[set[int], set[int]]] = {f: (set(), set()) for f in fragments}
    anonymous = [f for f in fragments if f in unnamed]
    speakers = {info[q][0] for q in statements} - {None}
    if not anonymous or not speakers:
        return out
    aliases: dict[int, set[str]] = {}
    for speaker_id, alias in alias_model.objects.filter(speaker_id__in=speakers).values_list("speaker_id", "alias"):
        aliases.setdefault(speaker_id, set()).add(alias)
    for speaker_id, name in Speaker.objects.filter(id__in=speakers).values_list("id", "name"):
        aliases.setdefault(speaker_id, set()).add(name)
    patterns = {
        s: re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True) if a) + r")\b")
        for s, names in aliases.items()
    }
    article_ids = {a for f in anonymous for _, a, _, _ in printings[f]}
    texts = dict(Article.objects.filter(id__in=article_ids).values_list("id", "text"))
    anywhere: dict[int, set[int]] = {}   # each article searched once, not once per printing
    for f in anonymous:
        for _, article_id, start, end in printings[f]:
            text = texts.get(article_id, "")
            lo, hi = text.rfind("\n", 0, start) + 1, text.find("\n", end)
            paragraph = text[lo: hi if hi >= 0 else len(text)]
            out[f][0].update(s for s, pattern in patterns.items() if pattern.search(paragraph))
            if article_id not in anywhere:
                anywhere[article_id] = {s for s, pattern in patterns.items() if pattern.search(text)}
            out[f][1].update(anywhere[article_id])
    return out
