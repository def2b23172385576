"""Re-send articles stuck in queued (the broker was down, or lost the message).

For cron where celery beat is not running; beat runs the same service as
articles.tasks.requeue_stale_articles every REQUEUE_STALE_EVERY_SECONDS.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services import articles_requeue_stale_counts


class Command(BaseCommand):
    help = "Re-enqueue articles that have been queued for longer than ARTICLE_STALE_SECONDS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="re-send articles queued at least this long (default: ARTICLE_STALE_SECONDS)",
        )

    def handle(self, *args, older_than, **options):
        seconds = settings.ARTICLE_STALE_SECONDS if older_than is None else older_than
        if seconds < 0:
            raise CommandError("--older-than must be 0 or more seconds")
        due, sent = articles_requeue_stale_counts(older_than_seconds=seconds)
        self.stdout.write(f"{due} stale article(s), {sent} re-sent to the worker")
        if sent < due:
            # Non-zero exit so that cron mails someone.
            raise CommandError(f"the broker is unreachable: {due - sent} article(s) stay queued")
