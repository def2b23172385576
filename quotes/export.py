"""CSV and JSON exports of the browse lists, streamed: rows are read by
keyset a chunk at a time (quotes.browse.keyset_iter) and written as they
come, so a list of any length costs one chunk of memory and starts
downloading at once."""
import csv
import json
from collections.abc import Callable, Iterable

from django.http import StreamingHttpResponse

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class _Echo:
    def write(self, value):
        return value


def export_response(*, rows: Iterable, columns: list[tuple[str, Callable]], fmt: str, filename: str):
    """Stream `rows` as CSV (a header row, then one line per row) or JSON (an
    array of objects). `columns` is [(name, row -> value)]."""
    if fmt == "csv":
        body = _csv(rows, columns)
    else:
        body = _json(rows, columns)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv(rows, columns):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheet programs read the file as UTF-8
    yield writer.writerow([name for name, _ in columns])
    for row in rows:
        yield writer.writerow([_cell(get(row)) for _, get in columns])


def _cell(value):
    if value is None:
        return ""
    # A list (a quote's printings) is one cell of JSON, which a script can read back.
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _json(rows, columns):
    yield "["
    first = True
    for row in rows:
        item = {name: _jsonable(get(row)) for name, get in columns}
        yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


# --- the columns of each list -------------------------------------------------------------------

def _printing(a) -> dict:
    """One printing as exports carry it: where it was printed and where in the article."""
    return {
        "outlet": a.article.outlet.name,
        "url": a.article.url,
        "published": a.article.published.isoformat() if a.article.published else None,
        "article_title": a.article.title,
        "start": a.start,
        "end": a.end,
        "spans": a.spans,
        "kind": a.kind,
    }


# Quote rows need their printings read with them (selectors.quotes_export_rows).
QUOTE_COLUMNS = [
    ("id", lambda q: q.id),
    ("speaker", lambda q: q.speaker.name if q.speaker else None),
    ("speaker_slug", lambda q: q.speaker.slug if q.speaker else None),
    ("speaker_source_kind", lambda q: q.speaker.source_kind if q.speaker else None),
    ("text", lambda q: q.text),
    ("kind", lambda q: q.kind),
    ("outlet_count", lambda q: q.outlet_count),
    ("appearance_count", lambda q: q.appearance_count),
    ("first_published", lambda q: q.first_published),
    ("last_published", lambda q: q.last_published),
    ("printings", lambda q: [_printing(a) for a in q.appearances.all()]),
]

SPEAKER_COLUMNS = [
    ("id", lambda s: s.id),
    ("name", lambda s: s.name),
    ("slug", lambda s: s.slug),
    ("is_group", lambda s: s.is_group),
    ("quote_count", lambda s: s.quote_count),
    ("outlet_count", lambda s: s.outlet_count),
    ("last_quoted", lambda s: s.last_quoted),
]

PRINTING_COLUMNS = [
    ("appearance_id", lambda a: a.id),
    ("quote_id", lambda a: a.quote_id),
    ("speaker", lambda a: a.quote.speaker.name if a.quote.speaker else None),
    ("speaker_source_kind", lambda a: a.quote.speaker.source_kind if a.quote.speaker else None),
    ("text", lambda a: a.text),
    ("kind", lambda a: a.kind),
    ("outlet", lambda a: a.article.outlet.name),
    ("start", lambda a: a.start),
    ("end", lambda a: a.end),
    ("spans", lambda a: a.spans),
    ("article_id", lambda a: a.article_id),
    ("article_title", lambda a: a.article.title),
    ("source_name", lambda a: a.article.source_name),
    ("url", lambda a: a.article.url),
    ("published", lambda a: a.article.published),
    ("first_published", lambda a: a.quote.first_published),
    ("carried_first", lambda a: a.article.published is not None and a.article.published == a.quote.first_published),
]

OUTLET_COLUMNS = [
    ("id", lambda o: o.id),
    ("name", lambda o: o.name),
    ("slug", lambda o: o.slug),
    ("domain", lambda o: o.domain),
    ("latest_article", lambda o: o.latest),
]
