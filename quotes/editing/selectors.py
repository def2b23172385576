"""Reads for the editor tools. Possible duplicates: quotes.selectors.quotes_similar."""
from django.conf import settings
from django.db.models import Prefetch, Q

from quotes.browse import speaker_matches
from quotes.models import Appearance, Edit, Quote, Speaker


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


def review_queue(*, limit: int = 50):
    """Quotes whose attribution no editor has confirmed and the extractor was
    not sure of (no speaker, or confidence below the threshold), newest
    first, each with its printings' outlets and how they were attributed."""
    printings = Appearance.objects.select_related("article__outlet").order_by("article__published", "id")
    return (
        Quote.objects.filter(attribution_confirmed=False, hidden=False, merged_into__isnull=True)
        .filter(Q(speaker__isnull=True) | Q(attribution_confidence__lt=settings.ATTRIBUTION_VERIFIED_AT))
        .select_related("speaker")
        .prefetch_related(Prefetch("appearances", queryset=printings))
        .order_by("-id")[:limit]
    )
