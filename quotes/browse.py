"""Reads for the browse pages (speaker directory, speaker page, outlets) and
their exports: keyset pagination, so a page costs the same at any depth and
any corpus size, and no exact COUNT(*) of a large list.

A page is `Page(items, next_cursor, previous_cursor)`. A next cursor is the
sort key of the last row shown, a previous cursor that of the first row
marked "before"; both are opaque to the client (urlsafe base64 of JSON) and valid
for the ordering it was made for: each value is checked against its column's
type (from the model) before any query, so a forged cursor is InvalidCursor
(a 400 in the API, the first page on the pages), never a database error.
"""
import base64
import binascii
import datetime
import json
import math
from dataclasses import dataclass, replace

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, StrIndex

from claimtrack.params import InvalidParameter, parse_int

from articles.models import Article, Outlet
from quotes.models import FRAGMENT_WINDOW, Appearance, Quote, QuoteFragment, Speaker, SpeakerAlias

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None
    previous_cursor: str | None = None


@dataclass(frozen=True)
class QuoteFilters:
    """What every quote list (speaker page, search, API, exports) filters on."""

    speaker: Speaker | None = None
    outlet: Outlet | None = None
    kind: str = ""
    since: datetime.date | None = None  # printed on or after
    until: datetime.date | None = None  # printed on or before
    # A speaker or outlet was asked for that does not exist: nothing matches.
    unknown: bool = False

    def apply(self, quotes: QuerySet) -> QuerySet:
        if self.unknown:
            return quotes.none()
        if self.speaker is not None:
            quotes = quotes.filter(speaker=self.speaker)
        if self.kind:
            quotes = quotes.filter(kind=self.kind)
        # A quote printed over several days is in the range when any printing
        # may be: its first and last dates overlap it.
        if self.since:
            quotes = quotes.filter(last_published__gte=self.since)
        if self.until:
            quotes = quotes.filter(first_published__lte=self.until)
        if self.outlet is not None:
            carried = Appearance.objects.filter(quote=OuterRef("pk"), article__outlet=self.outlet)
            quotes = quotes.filter(Exists(carried))
        return quotes


# --- keyset pagination ------------------------------------------------------------------------


def encode_cursor(values: list, *, before: bool = False) -> str:
    """A cursor for the rows after `values` (or, `before`, the rows before them)."""
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    raw = json.dumps({"before": plain} if before else plain)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


class InvalidCursor(InvalidParameter):
    def __init__(self):
        super().__init__("The cursor is not valid for this list; start again from the first page (without “cursor”).")


# A cursor value's Python type, by the kind of column it bounds.
_INT_FIELDS = (models.IntegerField, models.AutoField, models.BigAutoField, models.ForeignKey)
_MAX_INT = 2**63 - 1


def cursor_types(model, order: list[str]) -> list[tuple[type, bool]]:
    """(type, nullable) of each column in `order`, read from the model, so a
    cursor can be checked before it reaches a query."""
    types = []
    for name in order:
        *path, last = name.lstrip("-").split("__")
        meta = model._meta
        for part in path:
            meta = meta.get_field(part).related_model._meta
        field = meta.get_field(last)
        if isinstance(field, models.DateTimeField):
            kind = datetime.datetime
        elif isinstance(field, models.DateField):
            kind = datetime.date
        elif isinstance(field, _INT_FIELDS):
            kind = int
        elif isinstance(field, models.FloatField):
            kind = float
        else:
            kind = str
        types.append((kind, field.null))
    return types


def decode_position(cursor: str, types: list[tuple[type, bool]]) -> tuple[list | None, bool]:
    """(values, before): the cursor's values, each checked against its
    column's type, and whether it asks for the rows before them; (None,
    False) when there is no cursor; InvalidCursor when it is not one of ours
    for this list."""
    if not cursor:
        return None, False
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidCursor from None
    before = isinstance(values, dict) and set(values) == {"before"}
    if before:
        values = values["before"]
    if not isinstance(values, list) or len(values) != len(types):
        raise InvalidCursor
    return [_cursor_value(value, kind, nullable) for value, (kind, nullable) in zip(values, types)], before


def _cursor_value(value, kind: type, nullable: bool):
    if value is None:
        if nullable:
            return None
    elif kind in (datetime.date, datetime.datetime):
        if isinstance(value, str):
            try:
                return kind.fromisoformat(value)
            except ValueError:
                pass
    elif kind is int:
        if type(value) is int and abs(value) <= _MAX_INT:
            return value
    elif kind is float:
        if type(value) in (int, float) and math.isfinite(value):
            return float(value)
    elif isinstance(value, str) and "\x00" not in value:
        return value
    raise InvalidCursor


def _after(order: list[str], values: list, *, lead_nullable: bool = False) -> Q:
    """Rows strictly after `values` in `order` (PostgreSQL's default null
    placement: last ascending, first descending). The leading column also
    gets a plain bound, so the index scan starts at the cursor instead of
    filtering every row before it."""
    clauses = []
    for i, name in enumerate(order):
        desc, col = name.startswith("-"), name.lstrip("-")
        value = values[i]
        if value is None:
            beyond = Q(**{f"{col}__isnull": False}) if desc else Q(pk__in=[])
        else:
            beyond = Q(**{f"{col}__lt" if desc else f"{col}__gt": value})
            if not desc:
                beyond |= Q(**{f"{col}__isnull": True})
        for j in range(i):
            prev, v = order[j].lstrip("-"), values[j]
            beyond &= Q(**{f"{prev}__isnull": True}) if v is None else Q(**{prev: v})
        clauses.append(beyond)
    q = Q()
    for c in clauses:
        q |= c
    lead, v0 = order[0], values[0]
    if v0 is not None:
        col = lead.lstrip("-")
        if lead.startswith("-"):
            q &= Q(**{f"{col}__lte": v0})
        elif lead_nullable:
            # Ascending, nulls come last: they are after any value (a
            # previous page of a descending list walks this way).
            q &= Q(**{f"{col}__gte": v0}) | Q(**{f"{col}__isnull": True})
        else:
            q &= Q(**{f"{col}__gte": v0})
    return q


def keyset_page(qs: QuerySet, order: list[str], *, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of `qs` in `order` (which must end in a unique column),
    after (or, for a previous cursor, before) `cursor`. One query: size + 1
    rows tell whether there is more that way. Raises InvalidCursor for a
    cursor that is not one of this list's."""
    size = max(1, min(int(size), MAX_PAGE_SIZE))
    types = cursor_types(qs.model, order)
    values, before = decode_position(cursor, types)
    # A page before the cursor is read backwards (every column's direction,
    # and so PostgreSQL's null placement, flipped), then put back in order.
    walk = [_reverse(name) for name in order] if before else order
    if values is not None:
        qs = qs.filter(_after(walk, values, lead_nullable=types[0][1]))
    rows = list(qs.order_by(*walk)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if before:
        rows.reverse()
    first_page = values is None or (before and not more)
    last_page = not before and not more
    return Page(
        rows,
        None if last_page or not rows else encode_cursor(_key(rows[-1], order)),
        None if first_page or not rows else encode_cursor(_key(rows[0], order), before=True),
    )


def _reverse(name: str) -> str:
    return name[1:] if name.startswith("-") else "-" + name


def _key(row, order: list[str]) -> list:
    return [_value(row, name.lstrip("-")) for name in order]


def keyset_iter(qs: QuerySet, order: list[str], *, chunk: int = 2000):
    """Every row of `qs` in `order`, fetched a chunk at a time by keyset, so
    an export of a million rows holds one chunk in memory."""
    values = None
    while True:
        page_qs = qs.filter(_after(order, values)) if values is not None else qs
        rows = list(page_qs.order_by(*order)[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        values = _key(rows[-1], order)


def _value(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj.pk if hasattr(obj, "pk") and not isinstance(obj, (int, str)) else obj


# --- speaker directory ----------------------------------------------------------------------

SPEAKER_SORTS = {
    "quotes": ["-quote_count", "id"],
    "recent": ["-last_quoted", "id"],
    "name": ["name", "id"],
}


def speakers_directory(*, search: str = "") -> QuerySet:
    """Speakers with at least one visible quote; counts are the denormalised
    fields. The search matches the name or any alias (trigram-indexed)."""
    qs = Speaker.objects.filter(quote_count__gt=0)
    return qs.filter(speaker_matches(search)) if search else qs


def speaker_matches(search: str) -> Q:
    """Speakers whose name or any alias contains `search` (trigram-indexed)."""
    aliases = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), alias__icontains=search)
    return Q(name__icontains=search) | Q(Exists(aliases))


def _page_or_first(qs: QuerySet, order: list[str], *, cursor: str, size: int) -> Page:
    """For the pages: a cursor that is not valid (edited by hand, or from
    another sort) shows the first page. The API answers 400 instead."""
    try:
        return keyset_page(qs, order, cursor=cursor, size=size)
    except InvalidCursor:
        return keyset_page(qs, order, size=size)


def speakers_page(*, search: str = "", sort: str = "quotes", cursor: str = "", size: int = PAGE_SIZE) -> Page:
    order = SPEAKER_SORTS.get(sort, SPEAKER_SORTS["quotes"])
    return _page_or_first(speakers_directory(search=search), order, cursor=cursor, size=size)


# --- quote lists ----------------------------------------------------------------------------

QUOTE_SORTS = {
    "date": ["-last_published", "-id"],
    "reach": ["-outlet_count", "-id"],
}


def quotes_filtered(filters: QuoteFilters) -> QuerySet:
    return filters.apply(Quote.objects.visible().select_related("speaker"))


def quotes_page(*, filters: QuoteFilters, sort: str = "date", cursor: str = "", size: int = PAGE_SIZE) -> Page:
    order = QUOTE_SORTS.get(sort, QUOTE_SORTS["date"])
    return _page_or_first(quotes_filtered(filters), order, cursor=cursor, size=size)


# --- the speaker page: statements first --------------------------------------------------------


def _printings() -> QuerySet:
    return Appearance.objects.select_related("article__outlet").defer("article__text").order_by(
        "article__published", "article_id", "id")


def _inside(candidates: QuerySet) -> Exists:
    """One of `candidates`, printed within FRAGMENT_WINDOW of the outer
    quote, holds the outer quote's words as a longer run of whole words
    (Quote.plain: case and punctuation aside). What QuoteFragment stores,
    recomputed from the quotes: the tests check the one against the other."""
    return Exists(
        candidates.exclude(pk=OuterRef("pk"))
        .filter(last_published__gte=OuterRef("first_published") - FRAGMENT_WINDOW,
                first_published__lte=OuterRef("last_published") + FRAGMENT_WINDOW)
        .annotate(at=StrIndex("plain", OuterRef("plain")), n=Length("plain"))
        .filter(at__gt=0, n__gt=Length(OuterRef("plain")))
    )


def statements_recomputed(filters: QuoteFilters) -> QuerySet:
    """`statements`, with every row compared with the speaker's quotes
    around it instead of read from QuoteFragment: what the stored pairs must
    give (tests); its cost grows with the speaker's quotes."""
    quotes = quotes_filtered(filters)
    if filters.speaker is None:
        return quotes
    return quotes.filter(~_inside(filters.apply(Quote.objects.visible())))


def _in_statement(filters: QuoteFilters) -> Exists:
    """The outer quote lies inside a quote that `filters` show, by the
    stored pairs: an index probe per row and one per statement it lies in."""
    shown = filters.apply(Quote.objects.visible()).filter(pk=OuterRef("statement_id"))
    return Exists(QuoteFragment.objects.filter(fragment=OuterRef("pk")).filter(Exists(shown)))


def statements(filters: QuoteFilters) -> QuerySet:
    """A speaker's statements: their quotes, less the fragments whose words
    lie inside a longer statement of theirs that the same filters show
    ("ahistorical and false" inside the sentence it was cut from), printed
    within FRAGMENT_WINDOW of them (the story it was cut from). Linking
    joins only fragments of 1-3 words, and only within an article's story;
    this is what the page makes of the rest. Which quote lies inside which
    is stored (QuoteFragment), so a row costs an index probe, not a
    comparison with the speaker's quotes around it, which grow with the
    archive (6,700 a year for the most quoted speaker at 20k articles)."""
    quotes = quotes_filtered(filters)
    if filters.speaker is None:
        return quotes
    return quotes.filter(~_in_statement(filters))


def statements_page(*, filters: QuoteFilters, sort: str = "date", cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of statements, each with its printings (`printings`) and the
    fragments inside it (`fragments`, each with its printings): three
    queries after the page's own, whatever its length."""
    order = QUOTE_SORTS.get(sort, QUOTE_SORTS["date"])
    printings = Prefetch("appearances", queryset=_printings(), to_attr="printings")
    page = _page_or_first(statements(filters).prefetch_related(printings), order, cursor=cursor, size=size)
    for statement in page.items:
        statement.fragments = []
    if filters.speaker is None or not page.items:
        return page
    ids = [q.id for q in page.items]
    fragments = (
        filters.apply(Quote.objects.visible()).exclude(id__in=ids)
        .filter(Exists(QuoteFragment.objects.filter(fragment=OuterRef("pk"), statement_id__in=ids)))
        .prefetch_related(printings).order_by("first_published", "id")
    )
    for fragment in fragments:
        for statement in page.items:
            if fragment.plain in statement.plain and len(fragment.plain) < len(statement.plain):
                statement.fragments.append(fragment)
    return page


# --- outlets ----------------------------------------------------------------------------------


def outlets_directory() -> QuerySet:
    """Every outlet with the date of its latest article: one index probe
    per outlet (article_outlet_published), not a count of its articles."""
    latest = Article.objects.filter(outlet=OuterRef("pk"), published__isnull=False).order_by("-published")
    return Outlet.objects.annotate(latest=Subquery(latest.values("published")[:1])).order_by("name", "id")


PRINTING_ORDER = ["-article__published", "-article_id", "-id"]


def outlet_printings(*, outlet: Outlet, first_only: bool = False, kind: str = "", speaker: Speaker | None = None):
    """What an outlet carried: its printings, newest first, each with its
    quote and speaker. `first_only`: those it carried first, i.e. printed on
    the quote's first date (several outlets may share that day)."""
    qs = Appearance.objects.filter(article__outlet=outlet, quote__hidden=False).select_related(
        "article__outlet", "quote__speaker"
    ).defer("article__text")
    if first_only:
        from django.db.models import F

        qs = qs.filter(quote__first_published=F("article__published"))
    if kind:
        qs = qs.filter(kind=kind)
    if speaker is not None:
        qs = qs.filter(quote__speaker=speaker)
    return qs


def outlet_printings_page(*, outlet: Outlet, cursor: str = "", size: int = PAGE_SIZE, **filters) -> Page:
    return _page_or_first(outlet_printings(outlet=outlet, **filters), PRINTING_ORDER, cursor=cursor, size=size)


def outlet_articles(*, outlet: Outlet) -> QuerySet:
    return Article.objects.filter(outlet=outlet).defer("text")


ARTICLE_ORDER = ["-published", "-id"]


# --- request parameters ---------------------------------------------------------------------


def parse_date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw.strip()) if raw and raw.strip() else None
    except ValueError:
        return None


def by_id_or_slug(qs: QuerySet, key: str):
    """The row of `qs` whose id (ASCII digits) or else slug is `key`, or None.
    The one lookup for "a speaker or outlet by id or slug", pages and API."""
    key = (key or "").strip()
    if not key:
        return None
    pk = parse_int(key)
    return qs.filter(id=pk).first() if pk is not None else qs.filter(slug=key).first()


def parse_filters(params, *, speaker: Speaker | None = None) -> tuple[QuoteFilters, list[str]]:
    """QuoteFilters from query parameters (speaker and outlet by id or slug,
    kind, since, until as YYYY-MM-DD), and what was not understood."""
    errors = []
    if speaker is None and params.get("speaker"):
        speaker = by_id_or_slug(Speaker.objects.all(), params["speaker"])
        if speaker is None:
            errors.append("No such speaker.")
    outlet = by_id_or_slug(Outlet.objects.all(), params.get("outlet", ""))
    if params.get("outlet") and outlet is None:
        errors.append("No such outlet.")
    kind = params.get("kind", "")
    if kind and kind not in Quote.Kind.values:
        errors.append("Unknown kind.")
        kind = ""
    dates = {}
    for name in ("since", "until"):
        dates[name] = parse_date(params.get(name, ""))
        if params.get(name, "").strip() and dates[name] is None:
            errors.append(f"“{name}” must be a date like 2025-02-14.")
    unknown = any(e.startswith("No such") for e in errors)
    return QuoteFilters(speaker=speaker, outlet=outlet, kind=kind, unknown=unknown, **dates), errors
