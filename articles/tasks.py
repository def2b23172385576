"""Periodic work on articles alone. The extraction task lives in
quotes/tasks.py: articles enqueues it by name and never imports quotes."""
from celery import shared_task
from django.conf import settings

from . import services


@shared_task(ignore_result=True)
def requeue_stale_articles() -> int:
    return services.articles_requeue_stale(older_than_seconds=settings.ARTICLE_STALE_SECONDS)
