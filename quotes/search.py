"""Full-text search over quotes, ranked, with trigram matching for typos and
fragments, combined with the browse filters (quotes.browse.QuoteFilters).

Cost is bounded whatever the corpus size:
- Matches come from indexes only: the stored tsvector `Quote.search`
  (GIN quote_search_gin, English stemming: "ending" finds "end") and the
  trigram index quote_text_trgm (word similarity: "Minks 3.0" finds
  "Minsk 3.0", "must and will" finds the sentence it is part of).
- Only a bounded candidate set is ranked: the newest CANDIDATES matches of
  each kind. Ranking every match of a broad term ("war") took up to 72 ms
  at 100k quotes; ranking a few hundred takes about a millisecond.
- Highlighting runs ts_headline on the rows of the page shown only.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quotes import browse
from quotes.browse import QuoteFilters
from quotes.models import Quote

# Newest full-text matches ranked per query, and newest trigram matches.
CANDIDATES = 300
TRIGRAM_CANDIDATES = 30
# Ranked results a client can page through.
MAX_RESULTS = CANDIDATES + TRIGRAM_CANDIDATES
# pg_trgm word similarity needed for a fuzzy match (the `<%` operator's default is 0.6).
WORD_SIMILARITY = 0.5
MAX_QUERY = 200
# Sentinels for ts_headline: control characters never present in escaped
# text, replaced by <mark> after the text is escaped.
_START, _STOP = "\x02", "\x03"


@dataclass
class Hit:
    quote: Quote
    rank: float
    fuzzy: bool  # found by trigram similarity only (a typo or fragment)
    headline: SafeString | None = None


def clean_query(q: str) -> str:
    return " ".join(q.split())[:MAX_QUERY]


def _filter_sql(filters: QuoteFilters) -> tuple[str, dict]:
    where, params = ["NOT q.hidden"], {}
    if filters.speaker is not None:
        where.append("q.speaker_id = %(speaker)s")
        params["speaker"] = filters.speaker.id
    if filters.kind:
        where.append("q.kind = %(kind)s")
        params["kind"] = filters.kind
    if filters.since:
        where.append("q.last_published >= %(since)s")
        params["since"] = filters.since
    if filters.until:
        where.append("q.first_published <= %(until)s")
        params["until"] = filters.until
    if filters.outlet is not None:
        where.append(
            "EXISTS (SELECT 1 FROM quotes_appearance a JOIN articles_article ar ON ar.id = a.article_id "
            "WHERE a.quote_id = q.id AND ar.outlet_id = %(outlet)s)"
        )
        params["outlet"] = filters.outlet.id
    return " AND ".join(where), params


# The newest full-text matches (the tsquery is written inline, so the
# planner sees how common its words are: a rare word is looked up in the GIN
# index, a broad one found by walking the newest quotes), then only those
# ranked: cover density, normalised by length; reach breaks ties.
_FTS_SQL = """
SELECT c.id, ts_rank_cd(c.search, websearch_to_tsquery('english', %(q)s), 1) AS rank
FROM (
    SELECT q.id, q.search, q.outlet_count FROM quotes_quote q
    WHERE q.search @@ websearch_to_tsquery('english', %(q)s) AND {where}
    ORDER BY q.id DESC LIMIT %(limit)s
) c
ORDER BY rank DESC, c.outlet_count DESC, c.id DESC
"""
# Typos and fragments, when the words themselves find little: trigram word
# similarity through the GIN trigram index, any bounded set of matches.
_FUZZY_SQL = """
SELECT c.id, word_similarity(%(q)s, c.text) AS sim
FROM (
    SELECT q.id, q.text, q.outlet_count FROM quotes_quote q
    WHERE %(q)s <%% q.text AND {where} AND NOT (q.id = ANY(%(seen)s))
    LIMIT %(limit)s
) c
ORDER BY sim DESC, c.outlet_count DESC, c.id DESC
"""
# Below this many full-text hits, close spellings are looked for too.
FUZZY_BELOW = 20


def search_ranked(*, q: str, filters: QuoteFilters) -> list[tuple[int, float, bool]]:
    """(quote id, score, fuzzy) of the best matches, best first, at most
    MAX_RESULTS: full-text matches first, then (when those are few) close
    spellings and fragments."""
    q = clean_query(q)
    if not q or filters.unknown:
        return []
    where, params = _filter_sql(filters)
    params |= {"q": q}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_FTS_SQL.format(where=where), params | {"limit": CANDIDATES})
        found = [(row[0], float(row[1]), False) for row in cur.fetchall()]
        if len(found) < FUZZY_BELOW:
            # The threshold is per transaction (SET LOCAL): it never leaks
            # into other work on the connection.
            cur.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(WORD_SIMILARITY)])
            seen = [f[0] for f in found]
            cur.execute(_FUZZY_SQL.format(where=where), params | {"limit": TRIGRAM_CANDIDATES, "seen": seen})
            found += [(row[0], float(row[1]) / 10, True) for row in cur.fetchall()]
    return found


def search_page(*, q: str, filters: QuoteFilters, offset: int = 0, size: int = 20) -> tuple[list[Hit], int | None]:
    """One page of ranked hits with highlighted text, and the next offset
    (the search page's links). The offset moves within the bounded ranked
    set only (never a deep OFFSET over the table)."""
    ranked = search_ranked(q=q, filters=filters)
    offset = max(0, min(offset, len(ranked)))
    more = offset + size < len(ranked)
    return _hits(q, ranked[offset : offset + size]), (offset + size if more else None)


# An API search cursor: the score and id of the last hit shown.
_CURSOR_TYPES = [(float, False), (int, False)]


def search_keyset_page(*, q: str, filters: QuoteFilters, cursor: str = "", size: int = 20) -> browse.Page:
    """One page of ranked hits (`Page.items`) after, or before, `cursor` (the
    API's keyset cursors, like every other API list; browse.InvalidCursor
    when malformed). The ranking is recomputed per request, so the page
    starts at the cursor's hit, or, if that quote no longer matches, at the
    first lower score."""
    ranked = search_ranked(q=q, filters=filters)
    start, end = 0, size
    values, before = browse.decode_position(cursor, _CURSOR_TYPES)
    if values is not None:
        score, hit_id = values
        ids = [r[0] for r in ranked]
        if hit_id in ids:
            at, after = ids.index(hit_id), ids.index(hit_id) + 1
        else:
            at = after = next((i for i, r in enumerate(ranked) if r[1] < score), len(ranked))
        start, end = (max(0, at - size), at) if before else (after, after + size)
    chosen = ranked[start:end]
    more = end < len(ranked)
    return browse.Page(
        _hits(q, chosen),
        browse.encode_cursor([chosen[-1][1], chosen[-1][0]]) if more and chosen else None,
        browse.encode_cursor([chosen[0][1], chosen[0][0]], before=True) if start > 0 and chosen else None,
    )


def _hits(q: str, chosen: list[tuple[int, float, bool]]) -> list[Hit]:
    quotes = Quote.objects.select_related("speaker").in_bulk([r[0] for r in chosen])
    heads = headlines(q=q, quote_ids=[r[0] for r in chosen])
    return [
        Hit(quotes[qid], score, fuzzy, heads.get(qid) or mark_fragment(quotes[qid].text, q))
        for qid, score, fuzzy in chosen
        if qid in quotes
    ]


def headlines(*, q: str, quote_ids: list[int]) -> dict[int, SafeString]:
    """The matched words of these quotes marked with <mark>, stemming-aware
    (ts_headline); every other character is escaped."""
    q = clean_query(q)
    if not quote_ids or not q:
        return {}
    options = f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true"
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, ts_headline('english', text, websearch_to_tsquery('english', %s), %s) "
            "FROM quotes_quote WHERE id = ANY(%s)",
            [q, options, quote_ids],
        )
        rows = cur.fetchall()
    return {qid: _marked(text) for qid, text in rows if _START in text}


def _marked(text: str) -> SafeString:
    # Escape first, then turn the sentinels (which escaping leaves alone) into tags.
    safe = escape(text.replace(_START + _STOP, ""))
    return mark_safe(safe.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def mark_fragment(text: str, q: str) -> SafeString:
    """For fuzzy hits: mark the query's words that occur in the text as
    typed (case-insensitive); everything escaped."""
    words = [w for w in re.findall(r"\w[\w.'’-]*", clean_query(q)) if len(w) > 2]
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def search_all(*, q: str, filters: QuoteFilters) -> QuerySet:
    """Every full-text match, unranked, for exports of broad searches."""
    q = clean_query(q)
    if not q:
        return Quote.objects.none()
    qs = filters.apply(Quote.objects.visible().select_related("speaker"))
    return qs.filter(search=SearchQuery(q, config="english", search_type="websearch"))


def search_export(*, q: str, filters: QuoteFilters) -> Iterable[Quote]:
    """What the search page found, for its CSV/JSON export.

    When the words themselves find few quotes, the page adds close spellings
    and fragments; the export then holds exactly the page's hits, in its
    order (a bounded set). Otherwise it streams every full-text match
    newest first at a constant cost per row: a broad term is not cut off at
    the ranked set's bound, which is what the export is for.
    """
    ranked = search_ranked(q=q, filters=filters)
    if len(ranked) >= FUZZY_BELOW and not any(fuzzy for _, _, fuzzy in ranked):
        return browse.keyset_iter(search_all(q=q, filters=filters), browse.QUOTE_SORTS["date"])
    quotes = Quote.objects.select_related("speaker").in_bulk([r[0] for r in ranked])
    return [quotes[qid] for qid, _, _ in ranked if qid in quotes]
