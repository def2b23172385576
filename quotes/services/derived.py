"""Everything stored about a quote that follows from its printings: reach
and dates (Quote.outlet_count, appearance_count, first/last_published), the
canonical wording and kind, the attribution confidence, the printings'
misquote flags, the linker's postings, the speakers' directory counts, and
the version that results kept between requests are checked against
(DerivedVersion). One entry point, `quotes_refresh_derived`, which ingest,
every editing service and undo call after they changed printings, so no
path can leave a count stale or rebuild the postings twice.

Imports the linking service (for the wording and the postings); nothing it
imports imports it back."""
from collections.abc import Iterable

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from quotes.models import FRAGMENT_WINDOW, Appearance, Quote
from quotes.services.directory import speakers_refresh_stats
from quotes.services.linking import quotes_refresh_canonical, quotes_reindex
from quotes.services.misquotes import quotes_refresh_misquotes


def quotes_refresh_derived(
    *,
    quote_ids: Iterable[int],
    speaker_ids: Iterable[int] = (),
    reindex: Iterable[int] | None = None,
    wording: bool = True,
    moved: Iterable[int] = (),
) -> None:
    """Bring everything derived from the printings of `quote_ids` up to date,
    and the directory counts of their speakers and of `speaker_ids` (the
    speakers a change moved quotes away from, which the quotes no longer
    name). Automatic quotes left without a printing are deleted; editors'
    quotes are kept, empty and hidden, for their history.

    `reindex`: the quotes whose postings are rebuilt from their printings,
    because printings moved between quotes. By default the editor-locked
    ones: ingest adds postings as it links, and only editors move printings
    of locked quotes. `wording=False` leaves the canonical text and kind as
    they are (for quotes built by hand, e.g. test fixtures).

    `moved`: quotes given to another speaker without their printings
    moving (a speaker merge and its undo): only which fragments they are,
    and hold, follows them."""
    quote_ids = {i for i in quote_ids if i is not None}
    # Read before empty quotes go: their speakers' counts drop.
    rows = list(Quote.objects.filter(id__in=quote_ids).values_list("id", "speaker_id", "editor_locked"))
    speakers = set(speaker_ids) | {speaker_id for _, speaker_id, _ in rows if speaker_id is not None}
    if quote_ids:
        _recount(quote_ids)
        if wording:
            quotes_refresh_canonical(quote_ids=quote_ids)
        quotes_refresh_confidence(quote_ids=quote_ids)
        # After the wording: the canonical text is the frame printings are compared on.
        quotes_refresh_misquotes(quote_ids=quote_ids)
        if reindex is None:
            reindex = {quote_id for quote_id, _, locked in rows if locked}
        quotes_reindex(quote_ids=set(reindex))
        quotes_refresh_vocabulary(quote_ids=quote_ids)
    # After the dates and the wording, which it compares.
    quotes_refresh_fragments(quote_ids=quote_ids | set(moved))
    speakers_refresh_stats(speaker_ids=speakers)
    # Last: the row stays locked to the end of the transaction, and ingest
    # holds the article write lock by then anyway.
    derived_version_bump()


# Kept results (the front page's lists, services/front_page.py) name the
# version they were computed under.
_BUMP_SQL = """
INSERT INTO quotes_derivedversion (id, n) VALUES (1, 1)
ON CONFLICT (id) DO UPDATE SET n = quotes_derivedversion.n + 1
"""


def derived_version_bump() -> None:
    """What was kept under the current DerivedVersion is out of date once
    this transaction commits."""
    with connection.cursor() as cur:
        cur.execute(_BUMP_SQL)


# Words of 3+ letters, folded to lower case: what search corrects a
# misspelt term to (quotes/search.py). Only adds: a word is never removed,
# so this costs the quotes' own words, not a scan of the corpus.
_VOCABULARY_SQL = """
INSERT INTO quotes_word (word)
SELECT DISTINCT w FROM quotes_quote q, LATERAL regexp_split_to_table(lower(q.text), '[^[:alpha:]]+') w
WHERE q.id = ANY(%s) AND NOT q.hidden AND length(w) BETWEEN 3 AND 100
ORDER BY w  -- one lock order, so two workers adding the same words never deadlock
ON CONFLICT DO NOTHING
"""


def quotes_refresh_vocabulary(*, quote_ids: set[int]) -> None:
    """Add the words of these quotes to the search vocabulary."""
    with connection.cursor() as cur:
        cur.execute(_VOCABULARY_SQL, [sorted(quote_ids)])


# Every pair that names one of the quotes is made again: a pair depends only
# on its two quotes' speaker, words and dates, so the quotes a change touched
# (and so its neighbours, in the pairs naming it) are all that can change.
# The neighbours are read through quote_speaker_recent: the speaker's quotes
# last printed from the quote's window on. For an article's quotes that is
# the last weeks (400 rows per quote of the most quoted speaker at 20k
# articles, 2-3 ms); for an edit of an old quote, everything since it.
_FRAGMENTS_DELETE_SQL = """
DELETE FROM quotes_quotefragment WHERE fragment_id = ANY(%(ids)s) OR statement_id = ANY(%(ids)s)
"""
_FRAGMENTS_INSERT_SQL = """
INSERT INTO quotes_quotefragment (fragment_id, statement_id)
SELECT DISTINCT fragment_id, statement_id FROM (
    SELECT CASE WHEN length(o.plain) > length(q.plain) THEN q.id ELSE o.id END AS fragment_id,
           CASE WHEN length(o.plain) > length(q.plain) THEN o.id ELSE q.id END AS statement_id
    FROM quotes_quote q
    JOIN quotes_quote o ON o.speaker_id = q.speaker_id AND o.id <> q.id
        AND o.last_published >= q.first_published - %(days)s::int
        AND o.first_published <= q.last_published + %(days)s::int
    WHERE q.id = ANY(%(ids)s)
      AND ((length(o.plain) > length(q.plain) AND strpos(o.plain, q.plain) > 0)
        OR (length(o.plain) < length(q.plain) AND strpos(q.plain, o.plain) > 0))
) pairs
ORDER BY fragment_id, statement_id  -- one lock order for concurrent writers
ON CONFLICT DO NOTHING
"""


def quotes_refresh_fragments(*, quote_ids: set[int]) -> None:
    """Which quotes these lie inside, and which lie inside them
    (QuoteFragment): two statements, whatever their number."""
    if not quote_ids:
        return
    params = {"ids": sorted(quote_ids), "days": FRAGMENT_WINDOW.days}
    with connection.cursor() as cur:
        cur.execute(_FRAGMENTS_DELETE_SQL, params)
        cur.execute(_FRAGMENTS_INSERT_SQL, params)


# Every quote's pairs at once (a bulk load): the per-quote probe above would
# read, for each quote, the speaker's quotes up to the newest (200 s at 20k
# articles). Instead each quote is put in the window-long buckets (day number
# div window, which never decreases as the day grows) that its printing
# dates cover, as a statement, and that its dates widened by the window
# cover, as a fragment: two quotes within the window of each other share a
# day, so a bucket, and only quotes sharing one are compared (7 s).
_FRAGMENTS_FILL_SQL = """
INSERT INTO quotes_quotefragment (fragment_id, statement_id)
WITH q AS (
    SELECT id, speaker_id, plain, first_published AS f, last_published AS l FROM quotes_quote
    WHERE speaker_id IS NOT NULL AND first_published IS NOT NULL AND last_published IS NOT NULL
), statement AS (
    SELECT q.*, b FROM q, generate_series((q.f - DATE '2000-01-01') / %(days)s::int,
                                          (q.l - DATE '2000-01-01') / %(days)s::int) b
), fragment AS (
    SELECT q.*, b FROM q, generate_series((q.f - %(days)s::int - DATE '2000-01-01') / %(days)s::int,
                                          (q.l + %(days)s::int - DATE '2000-01-01') / %(days)s::int) b
)
SELECT DISTINCT fr.id, st.id
FROM fragment fr JOIN statement st ON st.speaker_id = fr.speaker_id AND st.b = fr.b
WHERE st.l >= fr.f - %(days)s::int AND st.f <= fr.l + %(days)s::int AND st.id <> fr.id
  AND length(st.plain) > length(fr.plain) AND strpos(st.plain, fr.plain) > 0
"""


def quotes_fill_fragments() -> None:
    """Every quote's pairs (QuoteFragment), made again from scratch: for a
    bulk load that bypasses quotes_refresh_derived (generate_corpus)."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM quotes_quotefragment")
        cur.execute(_FRAGMENTS_FILL_SQL, {"days": FRAGMENT_WINDOW.days})


def quotes_refresh_confidence(*, quote_ids: set[int]) -> None:
    """A quote is as sure of its speaker as its surest printing: the highest
    attribution confidence among its appearances (0 with none)."""
    best = Appearance.objects.filter(quote_id=OuterRef("pk")).order_by("-confidence").values("confidence")[:1]
    Quote.objects.filter(id__in=quote_ids).update(attribution_confidence=Coalesce(Subquery(best), 0.0))


# One statement for them all, counted and written by the server: an article
# touches about ten quotes, and during a backfill each round trip (and the
# ORM's CASE expression for a bulk update, most of this step's time in a
# profile of the worker) costs more than the counting.
_RECOUNT_SQL = """
UPDATE quotes_quote q SET
    appearance_count = c.n, outlet_count = c.outlets, outlet_ids = c.outlet_ids,
    first_published = c.first, last_published = c.last
FROM (
    SELECT a.quote_id, count(*) AS n, count(DISTINCT art.outlet_id) AS outlets,
           array_agg(DISTINCT art.outlet_id ORDER BY art.outlet_id) AS outlet_ids,
           min(art.published) AS first, max(art.published) AS last
    FROM quotes_appearance a JOIN articles_article art ON art.id = a.article_id
    WHERE a.quote_id = ANY(%s)
    GROUP BY a.quote_id
) c
WHERE q.id = c.quote_id
RETURNING q.id
"""


def _recount(quote_ids: set[int]) -> None:
    with connection.cursor() as cur:
        cur.execute(_RECOUNT_SQL, [sorted(quote_ids)])
        seen = {row[0] for row in cur.fetchall()}
    orphans = quote_ids - seen
    if not orphans:
        return
    Quote.objects.filter(id__in=orphans, editor_locked=False).delete()
    # An editor's quote whose printings a re-ingest took away is hidden: a
    # visible quote always has a printing to show.
    Quote.objects.filter(id__in=orphans, editor_locked=True).update(
        appearance_count=0, outlet_count=0, outlet_ids=[], first_published=None, last_published=None, hidden=True
    )
