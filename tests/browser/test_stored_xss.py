"""Stored XSS: a payload saved in an alias, a quote and an article never runs."""
import pytest

from quotes.models import SpeakerAlias
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, QuoteFactory, SpeakerFactory

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.mark.django_db(transaction=True)
def test_payloads_in_alias_quote_and_article_never_execute(page, live_server, login, screenshot, editor):
    speaker = SpeakerFactory(name=f"Eve {PAYLOAD}")
    SpeakerAlias.objects.create(speaker=speaker, alias=PAYLOAD, key="payload")
    article = ArticleFactory(text=f"Intro {PAYLOAD}. “{PAYLOAD}” she said.", title=PAYLOAD)
    quote = QuoteFactory(speaker=speaker, text=PAYLOAD)
    AppearanceFactory(quote=quote, article=article, start=len(f"Intro {PAYLOAD}. “"),
                      end=len(f"Intro {PAYLOAD}. “{PAYLOAD}"), text=PAYLOAD)
    quotes_refresh_stats(quote_ids={quote.id})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login("editor")
    for path in ["/speakers/", f"/speakers/{speaker.slug}/", f"/quotes/{quote.id}/", f"/articles/{article.id}/",
                 "/search/?q=alert"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        # Shown as text, never parsed as markup.
        assert page.locator("img[src=x]").count() == 0, path
    screenshot("after")
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
