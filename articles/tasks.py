import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)

# Errors worth retrying: the database went away or a connection broke.
TRANSIENT = (OperationalError, InterfaceError)


@worker_process_init.connect
def _preload_pipeline(**_):
    # Load spaCy once per worker process, before the first task arrives.
    from quotes.nlp import load_pipeline

    load_pipeline(settings.SPACY_MODEL)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5)
def extract_article(self, article_id: int) -> str:
    from quotes.nlp import load_pipeline
    from quotes.services.extraction import article_extract

    try:
        return article_extract(article_id=article_id, nlp=load_pipeline(settings.SPACY_MODEL))
    except TRANSIENT as exc:
        _close_broken_connections()
        if self.request.retries >= self.max_retries:
            services.article_mark_failed(article_id=article_id, error=f"database unavailable: {exc}")
            raise
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 60))
    except Exception as exc:
        logger.exception("extraction failed for article %s", article_id)
        if self.request.retries >= self.max_retries:
            services.article_mark_failed(article_id=article_id, error=f"{type(exc).__name__}: {exc}")
            raise
        services.article_mark_failed(article_id=article_id, error=f"retrying after {type(exc).__name__}: {exc}")
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 60))


@shared_task
def requeue_stale_articles() -> int:
    return services.articles_requeue_stale(older_than_seconds=settings.ARTICLE_STALE_SECONDS)


def _close_broken_connections():
    from django.db import connections

    for conn in connections.all():
        try:
            conn.close_if_unusable_or_obsolete()
        except DatabaseError:
            conn.close()
