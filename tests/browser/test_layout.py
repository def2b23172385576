"""The browse pages in headless chromium at desktop and phone widths:
screenshots kept in test-artifacts/screenshots/, no horizontal scrolling on
a phone, no CSP violations, and keyboard navigation (skip link, search form)."""
import pytest

from tests.browse.conftest import newsroom  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


@pytest.fixture(params=list(WIDTHS))
def page(browser, request):
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    yield page
    context.close()


def _pages(n):
    article = n["minsk"].appearances.first().article_id
    return {
        "speakers": "/speakers/",
        "speaker": "/speakers/john-healey/",
        "search": "/search/?q=war",
        "typo": "/search/?q=Minks+3.0",
        "outlets": "/outlets/",
        "outlet": "/outlets/bbc/",
        "who-quotes-whom": "/who-quotes-whom/",
        "article": f"/articles/{article}/",
    }


def test_browse_pages_render_at_desktop_and_phone(page, live_server, login, screenshot, journalist, newsroom):  # noqa: F811
    login("journalist")
    for name, url in _pages(newsroom).items():
        page.goto(live_server.url + url)
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px"
        screenshot(name)
    assert not page.csp_errors, page.csp_errors


def test_search_highlights_and_keyboard(page, live_server, login, screenshot, journalist, newsroom):  # noqa: F811
    login("journalist")
    page.goto(live_server.url + "/speakers/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.goto(live_server.url + "/search/")
    page.focus("#q")
    page.keyboard.type("ending")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=ending" in page.url
    marks = page.locator("ol.results mark").all_inner_texts()
    assert "end" in [m.lower() for m in marks]
    # The first result's link is reachable from the keyboard.
    page.locator("ol.results a").first.focus()
    assert page.evaluate("document.activeElement.tagName") == "A"
    screenshot("search-results")
