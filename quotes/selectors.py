"""The quotes app's read layer: every page, API view, export and template
tag reads through this module (docs/ARCHITECTURE.md, "The read layer").

Reads written here: the quote page, possible duplicates, fragments' statements,
speaker conflicts, and the lookups the API and pages share. Reads that live
in their own modules (so that the engineers changing them work in one file)
are re-exported below under their own names: the browse lists and keyset
paging (`browse.py`), search (`search.py`), the editors' reads
(`editing/selectors.py`) and the front page (`home.py`, as `front_page`).
Nothing here writes."""
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import F, FloatField, Func, Prefetch, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Greatest
from django.utils.formats import date_format

from articles.models import Article, Outlet
from quotes.linking import Segment, diff_segments
from quotes.models import Appearance, Quote, Speaker


def printings_of(*, quote: Quote) -> QuerySet:
    """A quote's printings, oldest first, each with its article and outlet:
    the quote page and the API's quote (`quotes_with_printings`) list them alike."""
    return Appearance.objects.filter(quote=quote).select_related("article__outlet").order_by(*PRINTINGS_ORDER)


PRINTINGS_ORDER = ["article__published", "article_id", "start"]


def quotes_with_printings() -> QuerySet:
    """Every quote (hidden and merged-away ones too: the API serves them so
    that a client holding an old id can follow `merged_into`), with its
    speaker and its printings prefetched in `printings_of` order."""
    return Quote.objects.select_related("speaker").prefetch_related(_printings_prefetch())


def _printings_prefetch(*, text: bool = True) -> Prefetch:
    printings = Appearance.objects.select_related("article__outlet").order_by(*PRINTINGS_ORDER)
    return Prefetch("appearances", queryset=printings if text else printings.defer("article__text"))


EXPORT_BATCH = 500


def quotes_export_rows(quotes: Iterable[Quote]) -> Iterator[Quote]:
    """`quotes` (a list's rows, as streamed) with their printings, outlets and
    articles read a batch at a time, so an export's queries grow with its
    batches, not its rows, and an article's text is never loaded."""
    batch = []
    for quote in quotes:
        batch.append(quote)
        if len(batch) == EXPORT_BATCH:
            yield from _with_printings(batch)
            batch = []
    yield from _with_printings(batch)


def _with_printings(batch: list[Quote]) -> list[Quote]:
    prefetch_related_objects(batch, "speaker", _printings_prefetch(text=False))
    return batch


def quotes_for_contract_export(*, include_hidden: bool = False, kind: str = "") -> QuerySet:
    """Every quote, by id, with its speaker and printings (article text
    included: `export_quotes` prints each span's words), for the export contract."""
    quotes = Quote.objects.select_related("speaker").order_by("id")
    if not include_hidden:
        quotes = quotes.filter(hidden=False)
    if kind:
        quotes = quotes.filter(kind=kind)
    printings = Appearance.objects.select_related("article__outlet").order_by("id")
    return quotes.prefetch_related(Prefetch("appearances", queryset=printings))


def quotes_similar(*, quote: Quote, limit: int = 10):
    """Near-misses for the editors' "possible duplicates" panel: the same
    speaker's other visible quotes whose wording is close to this one's, by
    trigram similarity (pg_trgm; the speaker filter comes first, so only
    that speaker's quotes are compared), most similar first, each with
    `similarity` in [0, 1]. Word similarity is taken both ways, so that a
    partial quote and the longer statement it may belong to find each other."""
    qs = Quote.objects.visible().exclude(id=quote.id)
    qs = qs.filter(speaker_id=quote.speaker_id) if quote.speaker_id else qs.filter(speaker__isnull=True)
    return (
        qs.annotate(
            similarity=Greatest(
                TrigramSimilarity("text", quote.text),
                TrigramWordSimilarity(quote.text, "text"),
                Func(F("text"), Value(quote.text), function="word_similarity", output_field=FloatField()),
            )
        )
        .filter(similarity__gte=SIMILAR_AT_LEAST)
        .order_by("-similarity", "-outlet_count", "-id")[:limit]
    )


# Below this, pg_trgm similarity is mostly shared stock words.
SIMILAR_AT_LEAST = 0.3


@dataclass(frozen=True)
class Printing:
    appearance: Appearance
    segments: list[Segment]  # the wording as printed, marked against the canonical text
    paragraph: int  # 1-based paragraph of the article where the printing starts
    paragraphs: int
    printed: str  # the words as printed, for reading and citing (printed_text)


@dataclass(frozen=True)
class TimelineDot:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class QuotePage:
    printings: list[Printing]
    first: Printing | None  # the earliest printing: who carried it first
    timeline: list[TimelineDot]
    timeline_rows: list[tuple[str, float]]  # (outlet, y)
    timeline_axis: list["AxisTick"]
    timeline_height: int
    text: str  # the canonical wording, with a split quotation's gap shown as one


TIMELINE_WIDTH = 640
_LEFT, _RIGHT, _ROW = 170, 20, 24
_DOT = 13  # a dot's diameter (r=6) plus a pixel: dots closer than this would overlap
_DAILY_TICKS_UP_TO = 4  # days: a shorter spread gets a tick for every day


@dataclass(frozen=True)
class AxisTick:
    label: str
    x: float
    anchor: str  # SVG text-anchor: the last label ends at its tick, so it is not cut off


def _wording(quote: Quote, printing: Appearance, printed: str) -> list[Segment]:
    """A quotation marked word by word against the canonical text; a
    reported claim as the outlet worded it. Each outlet puts a claim in its
    own words, so marking every word that differs would mark nearly all of
    them and hide the wording the page is there to compare."""
    if printing.kind == Quote.Kind.INDIRECT:
        return [Segment(printed, "same")]
    return diff_segments(quote.text, printed)


def quote_page(*, quote: Quote) -> QuotePage:
    """Every printing of a quote, oldest first, with its differences from the
    canonical wording (a reported claim's printings: each outlet's wording),
    and a timeline of the statement spreading across outlets."""
    printings = []
    for a in printings_of(quote=quote):
        printed = printed_text(a)
        paragraph = _paragraph_of(a.article.text, a.start)
        printings.append(Printing(a, _wording(quote, a, printed), *paragraph, printed))
    # The canonical wording is one printing's words; if that printing was
    # split by its attribution, show the gap as it does.
    text = next((p.printed for p in printings if p.appearance.text == quote.text), quote.text)
    dated = [p for p in printings if p.appearance.article.published]
    outlets = list(dict.fromkeys(p.appearance.article.outlet.name for p in dated))
    rows = {name: 18 + i * _ROW for i, name in enumerate(outlets)}
    days = [p.appearance.article.published for p in dated]
    lo, hi = (min(days), max(days)) if days else (None, None)
    span = max(1, (hi - lo).days) if days else 1
    plot = TIMELINE_WIDTH - _LEFT - _RIGHT

    def x_of(day):
        return _LEFT + (plot / 2 if hi == lo else plot * (day - lo).days / span)

    xs = _spread([(rows[p.appearance.article.outlet.name], x_of(p.appearance.article.published)) for p in dated],
                 lo=_LEFT, hi=_LEFT + plot)
    dots = [
        TimelineDot(x, rows[p.appearance.article.outlet.name],
                    f"{p.appearance.article.outlet.name}, {date_format(p.appearance.article.published)}")
        for p, x in zip(dated, xs)
    ]
    return QuotePage(
        printings=printings,
        first=(dated or printings or [None])[0],
        timeline=dots,
        timeline_rows=list(rows.items()),
        timeline_axis=_axis(lo, hi, x_of),
        timeline_height=18 + len(outlets) * _ROW + 16,
        text=text,
    )


def _axis(lo, hi, x_of) -> list[AxisTick]:
    """The first and last dates, or every day when the printings fall within
    a few days (the dates carry no time of day, so a day is the finest tick)."""
    if lo is None:
        return []
    if lo == hi:
        return [AxisTick(date_format(lo), x_of(lo), "middle")]
    span = (hi - lo).days
    days = [lo + datetime.timedelta(days=i) for i in range(span + 1)] if span <= _DAILY_TICKS_UP_TO else [lo, hi]
    # Daily ticks name the day only; the year and month are in the first one.
    short = span <= _DAILY_TICKS_UP_TO
    ticks = []
    for i, day in enumerate(days):
        label = date_format(day) if i == 0 or not short else date_format(day, "j M")
        anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
        ticks.append(AxisTick(label, x_of(day), anchor))
    return ticks


def _spread(points: list[tuple[float, float]], *, lo: float, hi: float) -> list[float]:
    """Each point's x, moved apart from its neighbours on the same row so
    that no two dots overlap (same outlet, same or close dates), kept within
    [lo, hi]; the order along the row is kept."""
    xs = [x for _, x in points]
    by_row: dict[float, list[int]] = {}
    for i, (row, _) in enumerate(points):
        by_row.setdefault(row, []).append(i)
    for members in by_row.values():
        members.sort(key=lambda i: xs[i])
        # Centre each cluster on where its dots belong, then push right, then back from the edge.
        placed = [xs[i] for i in members]
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + _DOT)
        shift = (placed[-1] - xs[members[-1]]) / 2
        placed = [max(lo, x - shift) for x in placed]
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + _DOT)
        placed[-1] = min(placed[-1], hi)
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - _DOT)
        for i, x in zip(members, placed):
            xs[i] = x
    return xs


def printed_text(appearance: Appearance) -> str:
    """The words as printed, for reading: the spans of a quotation split by
    its attribution joined by an ellipsis (the attribution between them was
    not quoted), each without the comma that led into the attribution.
    `Appearance.text` keeps its one-space join: offsets and linking use it."""
    spans = appearance.span_texts if len(appearance.spans) > 1 else []
    if len(spans) < 2:
        return appearance.text
    return " … ".join(s.rstrip(" ,;:") if i < len(spans) - 1 else s for i, s in enumerate(spans))


def _paragraph_of(text: str, offset: int) -> tuple[int, int]:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    before = [p for p in text[:offset].split("\n") if p.strip()]
    return max(1, len(before)), max(1, len(paragraphs))


def fragment_statements(*, quote: Quote, limit: int = 10):
    """Suggestions for a fragment (a quote of one to three words) that
    linking left apart: the same speaker's visible statements that contain
    its words in order (linking joins a fragment only when exactly one
    statement of its story does). Most widely carried first. Editors act on
    them through the ordinary merge."""
    from quotes.linking import Variant
    from quotes.linking.match import FRAGMENT, contains

    fragment = Variant.of(quote.text)
    if not 0 < len(fragment) <= FRAGMENT or quote.hidden:
        return []
    # The speaker filter comes first (index quote_speaker_id); the regex is
    # a cheap prefilter on the words, `contains` the exact test.
    pattern = r"\m" + r"\W+".join(re.escape(w).replace("'", "['\u2019]") for w in fragment.words) + r"\M"
    qs = Quote.objects.visible().exclude(id=quote.id).filter(text__iregex=pattern)
    qs = qs.filter(speaker_id=quote.speaker_id) if quote.speaker_id else qs.filter(speaker__isnull=True)
    found = [q for q in qs.order_by("-outlet_count", "-id")[: limit * 3] if contains(fragment, Variant.of(q.text))]
    return [q for q in found if len(Variant.of(q.text)) > FRAGMENT][:limit]


def speaker_conflicts_open():
    """Printings whose identical words linked them to a quote that has
    another speaker than extraction gave them (or none): the hook for the
    editors' review queue, oldest first."""
    from quotes.models import SpeakerConflict

    return SpeakerConflict.objects.filter(resolved_at__isnull=True).select_related(
        "quote", "quote__speaker", "speaker", "article", "article__outlet"
    ).order_by("created_at", "id")


# --- lookups shared by pages and API ---------------------------------------------------------


def speakers_for_api(*, search: str = "") -> QuerySet:
    """The API's speaker list: every speaker, with aliases; with a search,
    the directory's matches (speakers quoted at least once)."""
    speakers = speakers_directory(search=search) if search else Speaker.objects.all()
    return speakers.prefetch_related("aliases")


def speaker_by_key(key: str) -> Speaker | None:
    """A speaker named by id or slug (an API parameter or URL), or None."""
    return by_id_or_slug(Speaker.objects.prefetch_related("aliases"), key)


def outlet_by_key(key: str) -> Outlet | None:
    """An outlet named by id or slug, or None."""
    return by_id_or_slug(Outlet.objects.all(), key)


def outlet_by_slug(slug: str) -> Outlet | None:
    return Outlet.objects.filter(slug=slug).first()


def outlet_choices() -> QuerySet:
    """The outlet filter's choices on the quote lists."""
    return Outlet.objects.only("name", "slug")


def quotes_all() -> QuerySet:
    """Every quote, hidden and merged-away ones too: what an editing
    endpoint may be asked about (the service refuses what it cannot do)."""
    return Quote.objects.all()


def quotes_by_ids(ids) -> list[Quote]:
    return list(Quote.objects.filter(id__in=ids))


def appearances_of(*, quote: Quote, ids) -> list[Appearance]:
    """The printings among `ids` that belong to `quote` (others are left out)."""
    return list(Appearance.objects.filter(id__in=ids, quote=quote))


def article_with_printings(article_id: int) -> Article | None:
    """An article (without its text) and every printing in it, in text order,
    each with its quote and speaker, as `article.printings`."""
    article = Article.objects.select_related("outlet").defer("text").filter(id=article_id).first()
    if article is not None:
        article.printings = list(
            Appearance.objects.filter(article=article)
            .select_related("quote__speaker", "article__outlet")
            .defer("article__text")
            .order_by("start")
        )
    return article


# --- reads kept in their own modules, reached through this one -------------------------------
# (Re-exported rather than moved: other work changes those files.)

from quotes import home as front_page  # noqa: E402  the front page's reads
from quotes.activity import speaker_activity  # noqa: E402
from quotes.coverage import outlet_speaker_coverage  # noqa: E402
from quotes.browse import (  # noqa: E402
    ARTICLE_ORDER,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    PRINTING_ORDER,
    QUOTE_SORTS,
    SPEAKER_SORTS,
    InvalidCursor,
    Page,
    QuoteFilters,
    by_id_or_slug,
    keyset_iter,
    keyset_page,
    outlet_articles,
    outlet_printings,
    outlet_printings_page,
    outlets_directory,
    parse_filters,
    quotes_filtered,
    quotes_page,
    speakers_directory,
    speakers_page,
    statements_page,
)
from quotes.editing.selectors import (  # noqa: E402
    MISQUOTES_PAGE,
    misquotes_flagged,
    edits_for_quote,
    edits_readable,
    edits_recent,
    edits_with_users,
    quote_lives_in,
    quote_merged_from,
    review_queue,
    speaker_choices,
    speaker_lookup,
)
from quotes.search import (  # noqa: E402
    MAX_RESULTS,
    people_and_words,
    search_export,
    search_for,
    search_keyset_page,
    search_page,
    speaker_by_name,
)
