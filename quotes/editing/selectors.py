"""Reads for the editor tools. Possible duplicates: quotes.selectors.quotes_similar."""
from django.db.models import Q

from quotes.browse import speaker_matches
from quotes.models import Edit, Quote, Speaker


def edits_for_quote(*, quote: Quote, limit: int = 50):
    """Every edit that changed this quote, newest first."""
    return (
        Edit.objects.filter(Q(quote=quote) | Q(after__touched__quotes__contains=[quote.id]))
        .select_related("user", "undone_by")
        .order_by("-created_at", "-id")[:limit]
    )


def edits_recent(*, limit: int = 100):
    return Edit.objects.select_related("user", "undone_by", "quote").order_by("-created_at", "-id")[:limit]


def speaker_choices(*, search: str = "", exclude: str = "", limit: int = 20):
    """Suggestions for the editors' speaker fields: the most quoted speakers
    whose name or alias contains what was typed (trigram-indexed), so the
    list stays short and fast however many speakers there are. Without
    JavaScript the field still takes any slug or exact name."""
    search = " ".join(search.split())[:100]
    qs = Speaker.objects.all()
    if search:
        qs = qs.filter(speaker_matches(search) | Q(slug__startswith=search))
    if exclude:  # the speaker whose page this is: not a merge target for itself
        qs = qs.exclude(slug=exclude)
    return qs.order_by("-quote_count", "name", "id").values("slug", "name")[:limit]


def speaker_lookup(value: str) -> list[Speaker]:
    """Speakers matching what an editor typed: a slug, or an exact name."""
    value = " ".join(value.split())
    if not value:
        return []
    by_slug = list(Speaker.objects.filter(slug=value))
    return by_slug or list(Speaker.objects.filter(name__iexact=value)[:2])


def quote_lives_in(quote: Quote) -> Quote:
    """Where a merged-away quote's printings are now: the end of its chain of
    merges (the quote it was merged into may have been merged in turn)."""
    seen = {quote.id}
    while quote.merged_into_id and quote.merged_into_id not in seen:
        following = Quote.objects.filter(id=quote.merged_into_id).first()
        if following is None:
            break
        seen.add(following.id)
        quote = following
    return quote


def quote_merged_from(*, quote: Quote, raw_id: str) -> Quote | None:
    """The quote named by `?from=` on a quote page, if it was merged into this one."""
    if not raw_id.isdigit() or len(raw_id) > 18:
        return None
    source = Quote.objects.filter(id=int(raw_id), merged_into__isnull=False).first()
    return source if source is not None and quote_lives_in(source).id == quote.id else None
