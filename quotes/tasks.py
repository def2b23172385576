"""The extraction task: the worker's half of an upload.

`articles` enqueues it by name (`articles.services.EXTRACT_ARTICLE_TASK`)
and never imports this module; the worker finds it by autodiscovery, and
`QuotesConfig.ready` imports it in every other process so that eager mode
and signatures by name resolve to it.
"""
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

from articles import services as article_services
from articles.services import EXTRACT_ARTICLE_TASK, EXTRACT_GROUP_TASK

logger = logging.getLogger(__name__)

# Errors worth retrying: the database went away or a connection broke.
TRANSIENT = (OperationalError, InterfaceError)


@worker_process_init.connect
def _preload_pipeline(**_):
    # Load spaCy once per worker process, before the first task arrives.
    from quotes.nlp import load_pipeline

    load_pipeline(settings.SPACY_MODEL)


# The name predates the move from articles/tasks.py: messages already queued
# carry it, so it stays. ignore_result: nothing reads the result (the article
# row is the state), and with a result backend apply_async would also
# subscribe to Redis for it, which blocks for seconds (and leaves the backend
# unusable) when Redis is down.
@shared_task(
    name=EXTRACT_ARTICLE_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5, ignore_result=True
)
def extract_article(self, article_id: int) -> str:
    try:
        return _extract(article_id)
    except SoftTimeLimitExceeded:
        # Final, not retried: the same text would take as long again.
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        article_services.article_mark_failed(
            article_id=article_id,
            error=f"too long: extraction took more than {limit} s; split the article, or raise EXTRACTION_SOFT_TIME_LIMIT",
        )
        return "too long"
    except TRANSIENT as exc:
        _close_broken_connections()
        if self.request.retries >= self.max_retries:
            # The database is probably still down; this write may fail too,
            # and then the stale sweep finds the article later.
            article_services.article_mark_failed(article_id=article_id, error=f"database unavailable: {exc}")
            raise
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries))
    except Exception as exc:
        logger.exception("extraction failed for article %s", article_id)
        if self.request.retries >= self.max_retries:
            attempts = self.request.retries + 1
            article_services.article_mark_failed(
                article_id=article_id, error=f"failed after {attempts} attempts: {type(exc).__name__}: {exc}"
            )
            raise
        countdown = retry_countdown(self.request.retries)
        # Queued, not failed, while the retry waits: the status list keeps
        # polling and shows the error, and "failed" stays final.
        article_services.article_mark_retrying(
            article_id=article_id, error=f"retrying in {countdown}s after {type(exc).__name__}: {exc}"
        )
        raise self.retry(exc=exc, countdown=countdown)


@shared_task(name=EXTRACT_GROUP_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def extract_group(self, article_ids: list[int]) -> str:
    """A bulk backfill's group of articles, parsed together. No retries of
    its own: whatever it cannot finish (a write that raised, the time limit,
    a parse error) goes back to queued on tasks of its own, which retry, and
    fail with a reason, one article at a time. A worker killed mid-group
    gets the message back (acks_late): finished articles are skipped."""
    try:
        unfinished = _extract_group(article_ids)
        reason = "sent again on its own after its group's write failed"
    except SoftTimeLimitExceeded:
        unfinished, reason = article_ids, "sent again on its own: its group ran past the time limit"
    except Exception as exc:
        logger.exception("extraction failed for the group %s", article_ids)
        unfinished, reason = article_ids, f"sent again on its own after {type(exc).__name__}: {exc}"
    if unfinished:
        _close_broken_connections()
        try:
            unfinished = article_services.articles_send_alone(unfinished, reason=reason)
        except DatabaseError:
            # The database is down: send them anyway. The single task claims
            # an article left processing, and retries until the database is back.
            article_services.articles_enqueue(unfinished)
    return f"{len(unfinished)} of {len(article_ids)} sent again alone" if unfinished else "done"


def _extract_group(article_ids: list[int]) -> list[int]:
    from quotes.nlp import load_pipeline
    from quotes.services.extraction import article_group_extract

    return article_group_extract(article_ids=article_ids, nlp=load_pipeline(settings.SPACY_MODEL))


def retry_countdown(retries: int) -> int:
    """Exponential backoff: 1, 2, 4, 8, 16 ... seconds, at most a minute."""
    return min(2**retries, 60)


def _extract(article_id: int) -> str:
    from quotes.nlp import load_pipeline
    from quotes.services.extraction import article_extract

    return article_extract(article_id=article_id, nlp=load_pipeline(settings.SPACY_MODEL))


def _close_broken_connections():
    from django.db import connections

    for conn in connections.all():
        try:
            conn.close_if_unusable_or_obsolete()
        except DatabaseError:
            conn.close()
