"""The quote page in a real browser: each outlet's wording, its marked
differences and the timeline render without JavaScript."""
import pytest

from quotes.models import Quote
from tests.linking.conftest import link_from_gold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """The shared fixture's page, in a context with JavaScript off (login and
    screenshot use this one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_quote_page_in_the_browser(page, login, live_server, screenshot, journalist, gold):
    from tests.linking.conftest import ingest_seeds

    link_from_gold(ingest_seeds(), gold)
    quote = Quote.objects.get(text__startswith="I think realism")
    page.context.set_extra_http_headers({})
    login("journalist")

    page.goto(f"{live_server.url}/quotes/{quote.id}/")
    # No script ran: base.html's htmx was not loaded.
    assert page.evaluate("typeof window.htmx") == "undefined"

    assert page.locator("table.printings tbody tr").count() == quote.appearance_count
    assert page.locator("ins.diff").count() > 0 and page.locator("del.diff").count() > 0
    assert page.locator("figure.timeline circle").count() == quote.appearance_count
    assert "First carried by" in page.locator(".first-carried").inner_text()
    screenshot("quote-page")
