"""Misquote watch, stored: each printing's flag and what it changed
(Appearance.misquoted, .misquote), from the comparison in
quotes/linking/misquote.py. Called only by services/derived.py
`quotes_refresh_derived`, so the flags follow every ingest, edit, merge and
undo that changes a quote's printings."""
from collections import defaultdict

from quotes.linking.misquote import Printing, misquotes
from quotes.models import Appearance, Quote


def quotes_refresh_misquotes(*, quote_ids: set[int]) -> None:
    """Recompare the printings of each quote and store what changed where
    it changed (a printing's flag depends on all its quote's printings)."""
    printings: dict[int, list] = defaultdict(list)
    quotes = {}
    for row in (
        Appearance.objects.filter(quote_id__in=quote_ids)
        .values("id", "quote_id", "text", "spans", "article__outlet_id", "misquoted", "misquote", "quote__text",
                "quote__kind")
        .order_by("quote_id", "id")
    ):
        printings[row["quote_id"]].append(row)
        quotes[row["quote_id"]] = (row["quote__text"], row["quote__kind"])
    changed = []
    for quote_id, rows in printings.items():
        text, kind = quotes.get(quote_id, (None, None))
        if kind == Quote.Kind.INDIRECT:
            # a reported claim is each outlet's own words: rewording it is
            # reporting, not misquoting, so its printings are never flagged
            flags = {}
        else:
            flags = misquotes([Printing(r["id"], r["text"], r["article__outlet_id"], _lengths(r["spans"]))
                               for r in rows], text)
        for r in rows:
            wanted = [c.as_dict() for c in flags.get(r["id"], [])]
            if wanted != r["misquote"] or bool(wanted) != r["misquoted"]:
                changed.append(Appearance(id=r["id"], misquoted=bool(wanted), misquote=wanted))
    Appearance.objects.bulk_update(changed, ["misquoted", "misquote"], batch_size=500)


def _lengths(spans) -> tuple[int, ...] | None:
    """A split quotation's span lengths: its text is the spans joined by one space."""
    try:
        lengths = tuple(int(end) - int(start) for start, end in spans or [])
    except (TypeError, ValueError):
        return None
    return lengths if len(lengths) > 1 else None
