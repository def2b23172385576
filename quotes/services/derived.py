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

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce

from quotes.models import Appearance, Quote
from quotes.services.directory import speakers_refresh_stats
from quotes.services.linking import quotes_refresh_canonical, quotes_reindex
from quotes.services.misquotes import quotes_refresh_misquotes


def quotes_refresh_derived(
    *,
    quote_ids: Iterable[int],
    speaker_ids: Iterable[int] = (),
    reindex: Iterable[int] | None = None,
    wording: bool = True,
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
    they are (for quotes built by hand, e.g. test fixtures)."""
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


def quotes_refresh_confidence(*, quote_ids: set[int]) -> None:
    """A quote is as sure of its speaker as its surest printing: the highest
    attribution confidence among its appearances (0 with none)."""
    best = Appearance.objects.filter(quote_id=OuterRef("pk")).order_by("-confidence").values("confidence")[:1]
    Quote.objects.filter(id__in=quote_ids).update(attribution_confidence=Coalesce(Subquery(best), 0.0))


def _recount(quote_ids: set[int]) -> None:
    rows = (
        Appearance.objects.filter(quote_id__in=quote_ids)
        .values("quote_id")
        .annotate(
            n=Count("id"),
            outlets=Count("article__outlet", distinct=True),
            outlet_ids=ArrayAgg("article__outlet", distinct=True, order_by="article__outlet"),
            first=Min("article__published"),
            last=Max("article__published"),
        )
    )
    counted = [
        Quote(
            id=row["quote_id"],
            appearance_count=row["n"],
            outlet_count=row["outlets"],
            outlet_ids=row["outlet_ids"],
            first_published=row["first"],
            last_published=row["last"],
        )
        for row in rows
    ]
    # One statement for them all: an article touches about ten quotes, and
    # during a backfill each round trip costs more than the update it carries.
    Quote.objects.bulk_update(
        counted, ["appearance_count", "outlet_count", "outlet_ids", "first_published", "last_published"]
    )
    seen = {q.id for q in counted}
    orphans = quote_ids - seen
    if not orphans:
        return
    Quote.objects.filter(id__in=orphans, editor_locked=False).delete()
    # An editor's quote whose printings a re-ingest took away is hidden: a
    # visible quote always has a printing to show.
    Quote.objects.filter(id__in=orphans, editor_locked=True).update(
        appearance_count=0, outlet_count=0, outlet_ids=[], first_published=None, last_published=None, hidden=True
    )
