"""The front page in a browser, on a phone-sized screen: every section shows
and every item links to its page."""
from datetime import date

import pytest

from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_page_on_a_phone(page, live_server, login, screenshot, journalist):
    speaker = SpeakerFactory(name="Ann Lee", slug="ann-lee")
    q = QuoteFactory(speaker=speaker, text="We will hold the line whatever the council decides")
    for name in ("Wire", "Courier", "Ledger"):
        AppearanceFactory(quote=q, article=ArticleFactory(published=date(2025, 2, 14), outlet=OutletFactory(name=name)))
    login("journalist")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    for heading in ("Most carried", "Suddenly quoted", "Newest statements", "Latest articles"):
        assert page.locator(f"h2:has-text('{heading}')").is_visible()
    assert "3 outlets in this window" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    screenshot("front-page-phone")
    page.click("section[aria-labelledby=carried-h] blockquote a")
    page.wait_for_url(f"**/quotes/{q.id}/")
