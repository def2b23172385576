"""Writes for articles: ingestion and the extraction state machine."""
import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from .models import Article, Outlet

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool  # False: the same content was already ingested
    updated: bool = False  # True: same URL, new content; re-extraction queued


def content_hash(text: str) -> str:
    # Line endings are folded so that a CRLF copy of an article is a duplicate.
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def outlet_get_or_create(*, name: str, domain: str = "") -> Outlet:
    name = " ".join(name.split())[:200] or "Unknown outlet"
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet:
        return outlet
    base = slugify(name)[:200] or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    outlet, _ = Outlet.objects.get_or_create(name=name, defaults={"slug": slug, "domain": domain})
    return outlet


def article_ingest(
    *,
    text: str,
    source_name: str,
    outlet_name: str,
    url: str | None = None,
    title: str = "",
    byline: str = "",
    published: date | None = None,
    enqueue: bool = True,
) -> IngestResult:
    """Store an article and queue its extraction once the row is committed.

    Idempotent: the same content returns the existing article unchanged; the
    same URL with new content updates that article and re-queues it.
    """
    digest = content_hash(text)
    with transaction.atomic():
        existing = Article.objects.filter(content_hash=digest).first()
        if existing:
            return IngestResult(article=existing, created=False)
        outlet = outlet_get_or_create(name=outlet_name)
        fields = dict(
            outlet=outlet,
            source_name=source_name[:500],
            title=(title or "")[:500],
            byline=(byline or "")[:300],
            published=published,
            text=text,
            content_hash=digest,
            status=Article.Status.QUEUED,
            error="",
        )
        if url:
            # Lock the row so two uploads of one URL cannot both insert.
            by_url = Article.objects.select_for_update().filter(url=url).first()
            if by_url:
                for key, value in fields.items():
                    setattr(by_url, key, value)
                by_url.save()
                if enqueue:
                    article_enqueue_on_commit(by_url.id)
                return IngestResult(article=by_url, created=False, updated=True)
        article = Article.objects.create(url=url or None, **fields)
        if enqueue:
            article_enqueue_on_commit(article.id)
    return IngestResult(article=article, created=True)


def article_enqueue_on_commit(article_id: int) -> None:
    transaction.on_commit(lambda: article_enqueue(article_id))


def article_enqueue(article_id: int) -> bool:
    """Send the extraction task; False when the broker is unreachable.

    The article stays queued either way, and the stale sweep re-sends it,
    so a broker outage delays work but loses none.
    """
    from .tasks import extract_article

    try:
        extract_article.apply_async(args=[article_id], retry=False)
    except Exception as exc:  # kombu raises several transport-specific errors
        logger.warning("broker unavailable, article %s stays queued: %s", article_id, exc)
        return False
    return True


def article_requeue(*, article: Article) -> bool:
    """Admin's "re-run extraction": back to queued, then enqueue."""
    Article.objects.filter(id=article.id).update(status=Article.Status.QUEUED, error="", updated_at=timezone.now())
    return article_enqueue(article.id)


def article_claim(*, article_id: int) -> bool:
    """Mark an article as processing; False if there is nothing to do.

    A conditional UPDATE, so that of two deliveries of one task only those
    that find work proceed. PROCESSING is claimable too: a worker killed
    mid-task leaves it there, and the re-delivered task must finish it.
    """
    claimed = Article.objects.filter(
        id=article_id,
        status__in=[Article.Status.QUEUED, Article.Status.PROCESSING, Article.Status.FAILED],
    ).update(status=Article.Status.PROCESSING, attempts=F("attempts") + 1, updated_at=timezone.now())
    return claimed == 1


def article_mark_failed(*, article_id: int, error: str) -> None:
    Article.objects.filter(id=article_id).update(
        status=Article.Status.FAILED, error=error[:2000], updated_at=timezone.now()
    )


def articles_requeue_stale(*, older_than_seconds: int) -> int:
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(Article.objects.stale_queued(older_than=cutoff).values_list("id", flat=True)[:1000])
    sent = 0
    for article_id in ids:
        # Touch first, so the next sweep does not resend while this is in flight.
        Article.objects.filter(id=article_id, status=Article.Status.QUEUED).update(updated_at=timezone.now())
        sent += article_enqueue(article_id)
    return sent
