from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"

    def ready(self):
        from articles.signals import article_text_changed

        article_text_changed.connect(_follow_text, dispatch_uid="quotes.suppressed_spans_follow_text")


def _follow_text(sender, *, article, old_text, **kwargs):
    from quotes.services.suppression import suppressed_spans_follow_text

    suppressed_spans_follow_text(article=article, old_text=old_text)
