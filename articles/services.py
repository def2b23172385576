"""Writes for articles: ingestion and the extraction state machine."""
import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from .models import Article, Outlet
from .parsing import title_from_text
from .signals import article_text_changed

logger = logging.getLogger(__name__)

# The extraction task, defined in quotes/tasks.py and sent by name so that
# articles never imports quotes. A signature by name resolves to the task
# object where it is registered (every Django process: QuotesConfig.ready),
# so eager mode still runs it in-process; elsewhere it is a plain send.
EXTRACT_ARTICLE_TASK = "articles.tasks.extract_article"
# The same for a group of articles (a bulk backfill): see articles_enqueue_grouped.
EXTRACT_GROUP_TASK = "quotes.tasks.extract_group"


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool  # False: the same content was already ingested
    updated: bool = False  # True: same URL, new content; re-extraction queued


def content_hash(text: str) -> str:
    # Line endings are folded so that a CRLF copy of an article is a duplicate.
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def url_domain(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


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
    outlet_name: str = "",
    outlet: Outlet | None = None,
    url: str | None = None,
    title: str = "",
    byline: str = "",
    published: date | None = None,
    enqueue: bool = True,
) -> IngestResult:
    """Store an article and queue its extraction once the row is committed.

    Idempotent: the same content returns the existing article unchanged; the
    same URL with new content updates that article and re-queues it. `outlet`
    (an outlet the user picked) wins over `outlet_name`.
    """
    digest = content_hash(text)
    try:
        return _article_ingest(
            text=text, digest=digest, source_name=source_name, outlet_name=outlet_name, outlet=outlet,
            url=url, title=title, byline=byline, published=published, enqueue=enqueue,
        )
    except IntegrityError:
        # Two uploads of one text (or one URL) raced past the look-ups below:
        # the unique constraints let one insert, and the other gets its row.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None and url:
            existing = Article.objects.filter(url=url).first()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False)


def _article_ingest(*, text, digest, source_name, outlet_name, outlet, url, title, byline, published, enqueue):
    with transaction.atomic():
        existing = Article.objects.filter(content_hash=digest).first()
        if existing:
            return IngestResult(article=existing, created=False)
        if outlet is None:
            outlet = outlet_get_or_create(name=outlet_name, domain=url_domain(url))
        fields = dict(
            outlet=outlet,
            source_name=source_name[:500],
            title=(title or title_from_text(text))[:500],
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
                old_text = by_url.text
                for key, value in fields.items():
                    setattr(by_url, key, value)
                by_url.save()
                article_text_changed.send(sender=Article, article=by_url, old_text=old_text)
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
    return _send(EXTRACT_ARTICLE_TASK, article_id, f"article {article_id} stays queued")


def _send(task_name: str, arg, stays: str) -> bool:
    from celery import current_app
    from kombu.exceptions import OperationalError

    try:
        # retry=False and the broker timeouts in settings make this fail in
        # about 2 s when Redis is down or hung, instead of blocking the upload.
        current_app.signature(task_name, args=[arg]).apply_async(retry=False)
    except (OperationalError, OSError) as exc:  # celery wraps transport errors in kombu's
        logger.warning("broker unavailable, %s: %s", stays, exc)
        return False
    except Exception:
        if current_app.conf.task_always_eager:
            # Eager mode (tests, demos) ran the task here; it recorded its own failure.
            logger.exception("eager extraction failed (%s)", stays)
            return True
        logger.exception("could not enqueue; %s", stays)
        return False
    return True


def articles_enqueue_grouped(article_ids) -> bool:
    """Send the articles in groups (settings.EXTRACTION_GROUP_ARTICLES, and
    at most EXTRACTION_GROUP_CHARS of text each), one task per group, so the
    worker parses a group in one nlp.pipe call. A group of one is the plain
    task. Stops at the first broker failure, like articles_enqueue."""
    from django.conf import settings
    from django.db.models.functions import Length

    ids = list(dict.fromkeys(article_ids))
    sizes = dict(Article.objects.filter(id__in=ids).annotate(n=Length("text")).values_list("id", "n"))
    group, chars = [], 0
    for article_id in ids:
        size = sizes.get(article_id, 0)
        if group and (len(group) >= settings.EXTRACTION_GROUP_ARTICLES or chars + size > settings.EXTRACTION_GROUP_CHARS):
            if not _enqueue_group(group):
                return False
            group, chars = [], 0
        group.append(article_id)
        chars += size
    return _enqueue_group(group) if group else True


def _enqueue_group(article_ids: list[int]) -> bool:
    return article_enqueue(article_ids[0]) if len(article_ids) == 1 else article_group_enqueue(article_ids)


def article_group_enqueue(article_ids: list[int]) -> bool:
    """Send one group's task; False when the broker is unreachable (the
    articles stay queued for the stale sweep, as with article_enqueue)."""
    return _send(EXTRACT_GROUP_TASK, list(article_ids), f"articles {article_ids} stay queued")


def articles_enqueue(article_ids) -> bool:
    """Send each article's task; stop at the first broker failure, since the
    rest would fail the same way, slowly. Unsent articles stay queued."""
    for article_id in dict.fromkeys(article_ids):
        if not article_enqueue(article_id):
            return False
    return True


def articles_send_alone(article_ids, *, reason: str) -> list[int]:
    """The articles of a group its task could not finish go back to queued
    and onto tasks of their own, which have the retries and the "too long"
    verdict. Finished (or failed) ones are left as they are; unsent ones stay
    queued for the stale sweep. Returns the articles sent back."""
    pending = list(
        Article.objects.filter(id__in=article_ids, status__in=[Article.Status.QUEUED, Article.Status.PROCESSING])
        .order_by("id").values_list("id", flat=True)
    )
    Article.objects.filter(id__in=pending).update(status=Article.Status.QUEUED, error=reason[:2000], updated_at=timezone.now())
    articles_enqueue(pending)
    return pending


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


def article_mark_retrying(*, article_id: int, error: str) -> None:
    """Back to queued while a retry waits: the status list keeps polling, and
    the stale sweep re-sends it should the retry message be lost."""
    Article.objects.filter(id=article_id).update(
        status=Article.Status.QUEUED, error=error[:2000], updated_at=timezone.now()
    )


def article_mark_failed(*, article_id: int, error: str) -> None:
    Article.objects.filter(id=article_id).update(
        status=Article.Status.FAILED, error=error[:2000], updated_at=timezone.now()
    )


def articles_requeue_stale(*, older_than_seconds: int) -> int:
    return articles_requeue_stale_counts(older_than_seconds=older_than_seconds)[1]


def articles_requeue_stale_counts(*, older_than_seconds: int) -> tuple[int, int]:
    """(due, sent): articles queued longer than the cutoff, and how many were
    sent. Stops at the first broker failure: the rest would fail the same way,
    each after the broker timeout, and stay queued for the next sweep."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(Article.objects.stale_queued(older_than=cutoff).order_by("updated_at").values_list("id", flat=True)[:1000])
    sent = 0
    for article_id in ids:
        # Touch first, so the next sweep does not resend while this is in flight.
        Article.objects.filter(id=article_id, status=Article.Status.QUEUED).update(updated_at=timezone.now())
        if not article_enqueue(article_id):
            break
        sent += 1
    return len(ids), sent
