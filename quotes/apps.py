from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"

    def ready(self):
        from articles.signals import article_text_changed

        article_text_changed.connect(_follow_text, dispatch_uid="quotes.suppressed_spans_follow_text")
        # Register the extraction task in every process, not only in workers
        # (which autodiscover it): articles enqueues it by name, and eager
        # mode needs the task object to run it in-process.
        from quotes import tasks  # noqa: F401


def _follow_text(sender, *, article, old_text, **kwargs):
    from quotes.services.suppression import suppressed_spans_follow_text

    suppressed_spans_follow_text(article=article, old_text=old_text)
