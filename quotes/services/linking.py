"""Linking: find the Quote a new printing belongs to, or start a new one.

The phrase graph of quotes/linking/ mapped onto the database. Candidates
come from the QuoteShingle postings table (index lookups, never a scan of
the corpus), ranked by shared shingles; only the top few are verified word
by word. A printing that matches several quotes is new evidence that they
are one statement: they are merged, unless an editor locked them.
"""
from dataclasses import dataclass

from django.db import connection

from articles.models import Article
from quotes.linking import Variant, canonical_text, decide, index_shingles, pieces, query_shingles, words
from quotes.linking.match import CONTEXT_ONLY
from quotes.linking.split import is_split_pair
from quotes.models import Appearance, Quote, QuoteShingle, Speaker

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
# short (the parse runs before the transaction), so they take turns.
_LINKING_LOCK = 0x4C494E4B  # "LINK"


def quote_for_printing(
    *,
    article: Article,
    speaker: Speaker | None,
    text: str,
    kind: str,
    spans: list[tuple[int, int]],
    cue: str | None = None,
) -> Quote:
    """The Quote this printing (at `spans` of `article`) belongs to; a new one if none."""
    with connection.cursor() as cur:
        # Held to the end of the article's transaction; re-taking it is free.
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LINKING_LOCK])
    printed = pieces(text)
    new = Variant.of(text, article.published)
    candidate_ids, split_ids = _candidates(article=article, speaker=speaker, printed=printed, spans=spans, cue=cue)
    stats.printings += 1
    stats.candidates += len(candidate_ids)
    stats.max_candidates = max(stats.max_candidates, len(candidate_ids))
    matched = [
        quote
        for quote, variants in _variants(candidate_ids).items()
        if quote.id in split_ids
        or any(decide(new, v, same_article=in_article).link for v, in_article in _tagged(variants, article.id))
    ]
    if matched:
        quote = _merge_matches(matched)
    else:
        quote = Quote.objects.create(speaker=speaker, text=text, kind=kind, first_published=article.published)
    _index(quote_id=quote.id, printed=printed)
    return quote


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
    for quote_id, printings in rows.items():
        texts = sorted({t for t, _ in printings}, key=len, reverse=True)[:CANONICAL_FROM]
        kinds = {k for _, k in printings}
        kind = next(k for k in (Quote.Kind.DIRECT, Quote.Kind.PARTIAL, Quote.Kind.INDIRECT, *kinds) if k in kinds)
        wanted = (canonical_text(texts), kind)
        if wanted != current[quote_id]:
            Quote.objects.filter(id=quote_id).update(text=wanted[0], kind=wanted[1])


def _candidates(
    *, article: Article, speaker: Speaker | None, printed: list[list[str]], spans: list[tuple[int, int]], cue
) -> tuple[list[int], set[int]]:
    """Candidate quote ids, best first, and those of them that hold the other
    half of a quotation split around its attribution."""
    ranked, fragments = query_shingles(printed)
    found = _postings(ranked, fragments, speaker)
    # The article's own printings so far are the context in which a one- or
    # two-word fragment may join the quote it was cut from (in either order
    # of arrival), and where the halves of a split quotation meet. Small,
    # and independent of the corpus size.
    fragment = sum(len(p) for p in printed) <= CONTEXT_ONLY
    split: set[int] = set()
    start, end = spans[0][0], spans[-1][1]
    for quote_id, other, o_start, o_end, o_cue in Appearance.objects.filter(
        article=article, quote__speaker=speaker, quote__hidden=False
    ).values_list("quote_id", "text", "start", "end", "cue"):
        if is_split_pair(article.text, o_end, start, (o_cue, cue)) or is_split_pair(
            article.text, end, o_start, (cue, o_cue)
        ):
            split.add(quote_id)
            found.append(quote_id)
        elif fragment or len(words(other)) <= CONTEXT_ONLY:
            found.append(quote_id)
    return list(dict.fromkeys(found)), split


# Two lookups in one round trip: quotes sharing the most shingles with the
# printing, and short partial quotes whose whole wording it contains. A hash
# is skipped when it has more than `cap` postings; counting them stops at
# cap + 1 rows of the (hash, quote) index, so a stock phrase costs the same
# at any corpus size.
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
hits AS (
    SELECT s.quote_id, usable.kind, count(*) AS shared
    FROM usable
    JOIN quotes_quoteshingle s ON s.hash = usable.hash
    JOIN quotes_quote q ON q.id = s.quote_id
    WHERE NOT q.hidden AND q.speaker_id IS NOT DISTINCT FROM %(speaker)s
    GROUP BY s.quote_id, usable.kind
)
(SELECT quote_id FROM hits WHERE kind = 0 ORDER BY shared DESC, quote_id DESC LIMIT %(limit)s)
UNION ALL
(SELECT quote_id FROM hits WHERE kind = 1 ORDER BY shared DESC, quote_id DESC LIMIT %(limit)s)
"""


def _postings(ranked: set[int], fragments: set[int], speaker: Speaker | None) -> list[int]:
    if not ranked and not fragments:
        return []
    hashes = [*ranked, *fragments]
    params = {
        "ranked": hashes,
        "kinds": [0] * len(ranked) + [1] * len(fragments),
        "cap": COMMON_SHINGLE,
        "speaker": speaker.id if speaker else None,
        "limit": CANDIDATES,
    }
    with connection.cursor() as cur:
        cur.execute(_POSTINGS_SQL, params)
        return [row[0] for row in cur.fetchall()]


_PRINTINGS_SQL = """
SELECT q.id, a.text, a.article_id, art.published
FROM unnest(%(ids)s::bigint[]) AS q(id)
CROSS JOIN LATERAL (
    SELECT text, article_id FROM quotes_appearance WHERE quote_id = q.id ORDER BY id DESC LIMIT %(limit)s
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
    for quote_id, text, article_id, published in rows:
        if text not in seen[quote_id]:
            seen[quote_id].add(text)
            out[quotes[quote_id]].append((Variant.of(text, published), article_id))
    # Ranked order: the verification below returns the best match first.
    return dict(sorted(out.items(), key=lambda kv: rank[kv[0].id]))


def _lock_current(quote_ids: list[int]) -> tuple[dict[int, Quote], dict[int, int]]:
    """The candidates as they are now, row-locked until the article's
    transaction ends, and each one's rank. The candidates were found without
    locks, and an editor may since have merged one away: it then stands for
    the quote it was merged into (the printing must not land on a hidden
    quote), and a hidden one is no candidate. Locks are taken in id order,
    as the editors' are."""
    rows = {q.id: q for q in Quote.objects.select_for_update().filter(id__in=quote_ids).order_by("id")}
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


def _tagged(variants, article_id):
    for variant, printed_in in variants:
        yield variant, printed_in == article_id


def _merge_matches(matched: list[Quote]) -> Quote:
    """One target for the printing; the other matches are the same statement
    and are merged into it, except quotes an editor locked (an editor's
    split or merge is never undone by automatic linking)."""
    locked = [q for q in matched if q.editor_locked]
    target = locked[0] if locked else max(matched, key=lambda q: (q.appearance_count, -q.id))
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
    # Reach, kind and wording are recomputed by quotes_refresh_derived; the first
    # date is needed sooner, by the next printing's verification.
    first = min((d for d in [target.first_published, *(q.first_published for q in sources)] if d), default=None)
    Quote.objects.filter(id=target.id).update(first_published=first)
    Quote.objects.filter(id__in=source_ids).delete()


def _index(*, quote_id: int, printed: list[list[str]]) -> None:
    hashes = index_shingles(printed)
    if hashes:
        QuoteShingle.objects.bulk_create(
            [QuoteShingle(hash=h, quote_id=quote_id) for h in hashes], ignore_conflicts=True
        )


def quotes_reindex(*, quote_ids: set[int]) -> None:
    """Rebuild these quotes' postings from their current printings: after an
    editor moved printings between quotes, the postings must follow them, or
    the next printing of a split-off statement would not find it."""
    if not quote_ids:
        return
    QuoteShingle.objects.filter(quote_id__in=quote_ids).delete()
    rows = Appearance.objects.filter(quote_id__in=quote_ids, quote__hidden=False).values_list("quote_id", "text")
    postings = {(h, quote_id) for quote_id, text in rows.distinct() for h in index_shingles(pieces(text))}
    QuoteShingle.objects.bulk_create([QuoteShingle(hash=h, quote_id=q) for h, q in postings], ignore_conflicts=True)

