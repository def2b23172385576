"""Reusable reads for the quote pages and the API."""
from django.db.models import Count, Max, Prefetch, Q

from quotes.models import Appearance, Quote, Speaker


def speakers_with_counts(*, search: str = ""):
    qs = Speaker.objects.annotate(
        quote_count=Count("quotes", filter=Q(quotes__hidden=False)),
        last_quoted=Max("quotes__last_published", filter=Q(quotes__hidden=False)),
    ).filter(quote_count__gt=0)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(aliases__alias__icontains=search)).distinct()
    return qs.order_by("-quote_count", "name")


def quotes_for_speaker(*, speaker: Speaker, kind: str = "", sort: str = "date"):
    qs = Quote.objects.by_speaker(speaker)
    if kind:
        qs = qs.filter(kind=kind)
    order = ["-outlet_count", "-id"] if sort == "reach" else ["-last_published", "-id"]
    return qs.order_by(*order)


def appearances_for_quote(*, quote: Quote):
    return (
        Appearance.objects.filter(quote=quote)
        .select_related("article", "article__outlet")
        .order_by("article__published", "article_id", "start")
    )


def quote_with_appearances(quote_id: int):
    return Quote.objects.select_related("speaker").prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.select_related("article__outlet"))
    ).get(id=quote_id)
