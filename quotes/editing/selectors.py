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
