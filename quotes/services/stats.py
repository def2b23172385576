from django.db.models import Count, Max, Min

from quotes.models import Appearance, Quote
from quotes.services.directory import speakers_of_quotes, speakers_refresh_stats


def quotes_refresh_stats(*, quote_ids: set[int]) -> None:
    """Recompute the denormalised reach and date fields of these quotes, and
    delete automatic quotes that no longer have any printing."""
    if not quote_ids:
        return
    rows = (
        Appearance.objects.filter(quote_id__in=quote_ids)
        .values("quote_id")
        .annotate(
            n=Count("id"),
            outlets=Count("article__outlet", distinct=True),
            first=Min("article__published"),
            last=Max("article__published"),
        )
    )
    seen = set()
    for row in rows:
        seen.add(row["quote_id"])
        Quote.objects.filter(id=row["quote_id"]).update(
            appearance_count=row["n"],
            outlet_count=row["outlets"],
            first_published=row["first"],
            last_published=row["last"],
        )
    # Editors' merges and splits lock the quotes they touch and call this:
    # their postings must follow the printings they moved.
    from quotes.services.linking import quotes_reindex

    quotes_reindex(quote_ids=set(Quote.objects.filter(id__in=quote_ids, editor_locked=True).values_list("id", flat=True)))
    orphans = set(quote_ids) - seen
    speaker_ids = speakers_of_quotes(quote_ids)  # before orphans go: their speakers' counts drop
    # Editor-touched quotes are kept even when empty: their history refers to them.
    Quote.objects.filter(id__in=orphans, editor_locked=False).delete()
    Quote.objects.filter(id__in=orphans, editor_locked=True).update(appearance_count=0, outlet_count=0)
    speakers_refresh_stats(speaker_ids=speaker_ids)
