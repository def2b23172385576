"""The articles app's read layer: what the upload pages, the status lists
and the API read (docs/ARCHITECTURE.md, "The read layer"). Nothing here
writes; the upload progress counts stay with the upload service
(`uploads.articles_progress`), which polls them while it works."""
from django.db.models import Exists, OuterRef, QuerySet

from articles.models import Article, Outlet, UploadBatch, UploadItem, UploadOriginal


def articles_with_outlet() -> QuerySet:
    return Article.objects.select_related("outlet")


def articles_with_quote_count() -> QuerySet:
    """Articles with their outlet and `quote_count` (the API's status)."""
    return Article.objects.select_related("outlet").with_quote_count()


def articles_by_ids(ids) -> QuerySet:
    return Article.objects.filter(id__in=ids).select_related("outlet").order_by("id")


def quote_counts(ids) -> dict[int, int]:
    """{article id: quotes in it} for these articles, in one query."""
    return dict(Article.objects.filter(id__in=ids).with_quote_count().values_list("id", "quote_count"))


def batches() -> QuerySet:
    return UploadBatch.objects.all()


def batches_recent(*, user, limit: int = 10) -> QuerySet:
    return UploadBatch.objects.filter(created_by=user)[:limit]


def batch_of_article(*, batch_id: int, article: Article) -> UploadBatch | None:
    """The upload batch `batch_id`, if it holds this article (a requeue from its status list)."""
    return UploadBatch.objects.filter(id=batch_id, items__article=article).first()


def batch_items(batch: UploadBatch) -> QuerySet:
    """A batch's items in upload order, each with its article and outlet and
    `kept` (whether the original bytes were kept), without reading the bytes."""
    return (
        UploadItem.objects.filter(batch=batch)
        .select_related("article__outlet")
        .annotate(kept=Exists(UploadOriginal.objects.filter(item=OuterRef("pk"))))
        .order_by("id")
    )


def originals_with_item() -> QuerySet:
    return UploadOriginal.objects.select_related("item")


def outlet_by_id(pk: int) -> Outlet | None:
    return Outlet.objects.filter(id=pk).first()


def outlet_named(value: str) -> Outlet | None:
    """The outlet whose slug, or else name (any case), is `value`."""
    return Outlet.objects.filter(slug=value).first() or Outlet.objects.filter(name__iexact=value).first()
