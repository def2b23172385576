"""Spans editors marked "not a quote" (SuppressedSpan) are offsets into an
article's text. When the same URL comes back with new text, they must follow
the words they hid, or re-extraction would bring the false quote back (and
could hide a real one that moved into the old offsets)."""
from articles.models import Article
from quotes.models import SuppressedSpan


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
    SuppressedSpan.objects.bulk_create(
        SuppressedSpan(article=article, start=start, end=end, created_by_id=s.created_by_id)
        for (start, end), s in kept.items()
    )
    for (start, end), s in kept.items():  # created_at is set on insert; keep the editor's date
        SuppressedSpan.objects.filter(article=article, start=start, end=end).update(created_at=s.created_at)


def _nearest(text: str, words: str, near: int) -> tuple[int, int] | None:
    best, at = None, text.find(words)
    while at != -1:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = text.find(words, at + 1)
    return None if best is None else (best, best + len(words))
