"""Spans editors marked "not a quote" (SuppressedSpan) are offsets into an
article's text. When the same URL comes back with new text, they must follow
the words they hid, or re-extraction would bring the false quote back (and
could hide a real one that moved into the old offsets)."""
from dataclasses import replace

from django.db.models import Q

from articles.models import Article
from quotes.editing.record import UndoRecord
from quotes.models import Edit, SuppressedSpan


def suppressed_spans_follow_text(*, article: Article, old_text: str) -> None:
    """Move each of the article's suppressed spans to where its words are in
    the new text (the occurrence nearest the old place); drop the ones whose
    words are gone, since nothing is left for them to hide."""
    spans = list(SuppressedSpan.objects.select_for_update().filter(article=article).order_by("start", "id"))
    if not spans:
        return
    kept: dict[tuple[int, int], SuppressedSpan] = {}
    for span in spans:
        words = old_text[span.start:span.end]
        moved = _nearest(article.text, words, span.start) if words.strip() else None
        if moved is not None and moved not in kept:
            kept[moved] = span
    # Re-written as a whole: moving rows one at a time could briefly put two
    # on the same offsets, which the unique constraint forbids.
    SuppressedSpan.objects.filter(id__in=[s.id for s in spans]).delete()
    created = SuppressedSpan.objects.bulk_create(
        SuppressedSpan(article=article, start=start, end=end, created_by_id=s.created_by_id)
        for (start, end), s in kept.items()
    )
    for row, s in zip(created, kept.values()):  # created_at is set on insert; keep the editor's date
        row.created_at = s.created_at
    SuppressedSpan.objects.bulk_update(created, ["created_at"])
    moves = {(s.start, s.end): new for new, s in kept.items()}
    _edits_follow(article.id, {(s.start, s.end): moves.get((s.start, s.end)) for s in spans})


def _edits_follow(article_id: int, moves: dict[tuple[int, int], tuple[int, int] | None]) -> None:
    """The edits that created these spans name them by offsets, which their
    undo deletes: point them at the new offsets (or drop a span that is gone)."""
    found = Q()
    for start, end in moves:
        found |= Q(after__suppressed_spans__contains=[[article_id, start, end]])
    for edit in Edit.objects.select_for_update().filter(found):
        record = UndoRecord.of(edit)
        spans = []
        for a, start, end in record.suppressed_spans:
            new = moves.get((start, end), (start, end)) if a == article_id else (start, end)
            if new is not None:
                spans.append((a, *new))
        edit.before, edit.after = replace(record, suppressed_spans=tuple(spans)).to_json()
        edit.save(update_fields=["before", "after"])


def _nearest(text: str, words: str, near: int) -> tuple[int, int] | None:
    best, at = None, text.find(words)
    while at != -1:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = text.find(words, at + 1)
    return None if best is None else (best, best + len(words))
