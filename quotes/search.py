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
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quotes import browse
from quotes.browse import QuoteFilters
from quotes.models import Quote, Speaker, SpeakerAlias, Word
from quotes.names import name_key

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


def search_page(
    *, q: str, filters: QuoteFilters, offset: int = 0, size: int = 20, corrected: bool = False
) -> tuple[list[Hit], int | None]:
    """One page of ranked hits with highlighted text, and the next offset
    (the search page's links). The offset moves within the bounded ranked
    set only (never a deep OFFSET over the table). `corrected`: the words
    were respelt (read_query), so every hit is a close match."""
    ranked = search_ranked(q=q, filters=filters)
    if corrected:
        ranked = [(qid, score, True) for qid, score, _ in ranked]
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
    if not clean_query(q) and filters.speaker is not None:
        # A search that named only a speaker: all their quotes.
        return browse.keyset_iter(browse.quotes_filtered(filters), browse.QUOTE_SORTS["date"])
    return _search_export(q=q, filters=filters)


def _search_export(*, q: str, filters: QuoteFilters) -> Iterable[Quote]:
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


# --- people and words: what a query was taken to mean ---------------------------------------

# How close a misspelt word must be to the word it is corrected to, and a
# misspelt name to a speaker's name or alias (rapidfuzz ratio, 0-100; one
# swapped or missing letter in a 7-letter word scores about 86).
WORD_CLOSE = 75
NAME_CLOSE = 80
# Shorter words are never corrected: too many real words lie one letter apart.
MIN_CORRECTED = 4
# pg_trgm similarity for the shortlist the ratio then decides on: low,
# because trigrams punish a swapped pair of letters ("ukriane" and
# "ukraine" share only a third of their trigrams).
_SHORTLIST_SIMILARITY = 0.25
_MAX_TOKENS = 8
# A plain word of the query: letters, with inner apostrophes or hyphens.
_PLAIN = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


@dataclass(frozen=True)
class Reading:
    """What the search box was taken to mean: the words searched for (typos
    corrected) and the speaker the query named, if any."""

    words: str
    speaker: Speaker | None = None
    speaker_as_typed: str = ""
    corrections: tuple[tuple[str, str], ...] = field(default=())

    @property
    def reinterpreted(self) -> bool:
        return self.speaker is not None or bool(self.corrections)


def read_query(q: str, *, people: bool = True) -> Reading:
    """Split a query into a speaker and words. A run of 1-3 words that is a
    speaker's name or alias, or close to one ("Hegseht"), names the speaker;
    a single word does so only when capitalised or not a word the quotes use
    (so "grand" stays a word, "Grand" may be Camille Grand). Every other
    plain word not in the quotes' vocabulary is corrected to the closest
    one that is. Quoted phrases and search operators are left as typed."""
    q = clean_query(q)
    tokens = re.findall(r'"[^"]*"?|\S+', q)
    plain = [i for i, t in enumerate(tokens) if _PLAIN.match(t)][:_MAX_TOKENS]
    known = set(Word.objects.filter(word__in=[tokens[i].lower() for i in plain]).values_list("word", flat=True))
    speaker, used = (_speaker_in(tokens, plain, known) if people else (None, ()))
    corrections = []
    for i in plain:
        if i in used:
            continue
        if (better := _closest_word(tokens[i], known)) is not None:
            corrections.append((tokens[i], better))
            tokens[i] = better
    words = " ".join(t for i, t in enumerate(tokens) if i not in used)
    typed = " ".join(tokens[i] for i in used)
    return Reading(words=words, speaker=speaker, speaker_as_typed=typed, corrections=tuple(corrections))


def speaker_by_name(value: str) -> Speaker | None:
    """The speaker a filter field names: slug or id first, then the closest
    name or alias (exact, or a typo away)."""
    value = " ".join(value.split())[:100]
    if not value:
        return None
    found = browse.by_id_or_slug(Speaker.objects.all(), value)
    if found is not None:
        return found
    best = _best_speaker(value, allow_surname=True)
    return best[1] if best else None


def _speaker_in(tokens: list[str], plain: list[int], known: set[str]) -> tuple[Speaker | None, tuple[int, ...]]:
    """The longest run of consecutive plain words that names a speaker."""
    for n in (3, 2, 1):
        for k in range(len(plain) - n + 1):
            run = plain[k : k + n]
            if run[-1] - run[0] != n - 1:
                continue
            text = " ".join(tokens[i] for i in run)
            if n == 1:
                word = tokens[run[0]]
                if word.lower() in known and not word[:1].isupper():
                    continue
                best = _best_speaker(text, allow_surname=True, exact_only=word.lower() in known)
            else:
                best = _best_speaker(text, allow_surname=False)
            if best is not None:
                return best[1], tuple(run)
    return None, ()


def _best_speaker(text: str, *, allow_surname: bool, exact_only: bool = False) -> tuple[float, Speaker] | None:
    """The speaker whose name, surname or alias is closest to `text`, with
    its score; exact matches score 100, and ties go to the most quoted."""
    key = name_key(text)
    if len(key) < 3:
        return None
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(_SHORTLIST_SIMILARITY)])
        # The planner prices word_similarity like a cheap operator and so
        # reads both tables through (20 ms per lookup at 2,500 speakers,
        # and a query makes up to a dozen lookups); the trigram indexes
        # take well under a millisecond. For this transaction only.
        cur.execute("SELECT set_config('enable_seqscan', 'off', true)")
        # The shortlist: speakers whose name (trigram-indexed) or an alias
        # holds something like the text; the ratio below decides.
        cur.execute(
            "SELECT id FROM quotes_speaker WHERE %(t)s <%% name "
            "UNION SELECT speaker_id FROM quotes_speakeralias WHERE %(t)s <%% key LIMIT 50",
            {"t": key},
        )
        ids = [row[0] for row in cur.fetchall()]
    if not ids:
        return None
    aliases = {}
    for sid, akey in SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("speaker_id", "key"):
        aliases.setdefault(sid, []).append(akey)
    best = None
    for speaker in Speaker.objects.filter(id__in=ids):
        full = name_key(speaker.name)
        forms = {full, *aliases.get(speaker.id, [])}
        if allow_surname and " " in full:
            forms.add(full.rsplit(" ", 1)[1])
        forms.discard("")
        score = 100.0 if key in forms else 0.0
        if not score and not exact_only and len(key) >= 5:
            score = max(fuzz.ratio(key, f) for f in forms)
            score = score if score >= NAME_CLOSE else 0.0
        if score and (best is None or (score, speaker.quote_count) > (best[0], best[1].quote_count)):
            best = (score, speaker)
    return best


def _closest_word(token: str, known: set[str]) -> str | None:
    """The vocabulary word closest to a word the quotes do not use, or None
    when the word is known, short, or nothing is close enough."""
    word = token.lower()
    if word in known or len(word) < MIN_CORRECTED or word in ("and", "or"):
        return None
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(_SHORTLIST_SIMILARITY)])
        cur.execute(
            "SELECT word FROM quotes_word WHERE word %% %s ORDER BY similarity(word, %s) DESC, word LIMIT 20",
            [word, word],
        )
        shortlist = [row[0] for row in cur.fetchall()]
    scored = [(fuzz.ratio(word, w), -abs(len(w) - len(word)), w) for w in shortlist]
    best = max(scored, default=None)
    return best[2] if best and best[0] >= WORD_CLOSE else None


def speaker_quotes_page(*, filters: QuoteFilters, offset: int = 0, size: int = 20) -> tuple[list[Hit], int | None]:
    """A search that named only a speaker: their quotes, newest first, as
    hits; bounded like a ranked search (MAX_RESULTS)."""
    offset = max(0, min(offset, MAX_RESULTS))
    rows = list(browse.quotes_filtered(filters).order_by(*browse.QUOTE_SORTS["date"])[offset : offset + size + 1])
    more = len(rows) > size and offset + size < MAX_RESULTS
    return [Hit(q, 0.0, False, escape(q.text)) for q in rows[:size]], (offset + size if more else None)


@dataclass(frozen=True)
class Results:
    reading: Reading
    filters: QuoteFilters  # with the speaker the query named
    hits: list[Hit]
    next_offset: int | None


def people_and_words(*, q: str, filters: QuoteFilters, people: bool = True) -> tuple[Reading, QuoteFilters]:
    """The query read for a speaker and corrected words, and the filters
    narrowed to that speaker. A speaker filter already set wins: the query
    is then read for words only."""
    reading = read_query(q, people=people and filters.speaker is None) if clean_query(q) else Reading(words="")
    if reading.speaker is not None:
        filters = replace(filters, speaker=reading.speaker)
    return reading, filters


def search_for(*, q: str, filters: QuoteFilters, people: bool = True, offset: int = 0, size: int = 20) -> Results:
    """The search page: people and words read from the query, then ranked
    full-text hits for the words, or, when only a speaker was named (in
    the query or the filter), that speaker's quotes newest first."""
    reading, filters = people_and_words(q=q, filters=filters, people=people)
    if reading.words:
        hits, next_offset = search_page(
            q=reading.words, filters=filters, offset=offset, size=size, corrected=bool(reading.corrections)
        )
    elif filters.speaker is not None and not filters.unknown:
        hits, next_offset = speaker_quotes_page(filters=filters, offset=offset, size=size)
    else:
        hits, next_offset = [], None
    return Results(reading, filters, hits, next_offset)
