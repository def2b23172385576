"""Copy with citation on the quote page: one click puts the words as
printed, the speaker, the outlet, the date and the URL on the clipboard."""
from datetime import date
from pathlib import Path

import pytest

from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).with_name("screenshots")
SPLIT = "“Either the Europeans are free-riders,” she said, “or more likely they lack the means.”"


def _split_printing(quote, outlet, **article):
    text = f"Talks in {outlet.name} went on.\n\n" + SPLIT
    first = text.index("Either")
    second = text.index("or more")
    spans = [[first, text.index("”", first)], [second, text.index("”", second)]]
    joined = " ".join(text[s:e] for s, e in spans)
    return AppearanceFactory(quote=quote, article=ArticleFactory(outlet=outlet, text=text, **article),
                             start=spans[0][0], end=spans[1][1], spans=spans, text=joined)


def test_copy_with_citation(browser, live_server, journalist):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    speaker = SpeakerFactory(name="Ann Lee", slug="ann-lee")
    text = "Either the Europeans are free-riders, or more likely they lack the means."
    quote = QuoteFactory(speaker=speaker, text=text)
    wire = _split_printing(quote, OutletFactory(name="Wire"), url="https://wire.example/talks",
                           published=date(2025, 2, 13))
    undated = _split_printing(quote, OutletFactory(name="Courier"), url=None, published=None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "journalist")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/quotes/{quote.id}/")
    # The split quotation reads with its gap, not with the comma that led into "she said".
    canonical = page.inner_text("blockquote.canonical")
    assert canonical == "Either the Europeans are free-riders … or more likely they lack the means."

    page.click(f"#p{wire.id} button.copy-cite")
    page.wait_for_selector(f"#p{wire.id} .copy-status:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Ann Lee: “Either the Europeans are free-riders … or more likely they lack the means.” "
        "Wire, 13 Feb 2025. https://wire.example/talks"
    )
    # No URL of its own: the citation points at the article's page here, at the printing.
    page.click(f"#p{undated.id} button.copy-cite")
    page.wait_for_selector(f"#p{undated.id} .copy-status:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"Courier, undated. {live_server.url}/articles/{undated.article_id}/#a{undated.id}"), copied
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "copy-with-citation.png"), full_page=True)
    assert not [m for m in console if "Content Security Policy" in m], console
    context.close()


def test_without_javascript_the_button_is_not_offered(browser, live_server, journalist):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    quote = QuoteFactory(speaker=SpeakerFactory(name="Ann Lee"), text="We will hold the line.")
    AppearanceFactory(quote=quote)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "journalist")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/quotes/{quote.id}/")
    assert page.locator("button.copy-cite").count() == 1
    assert not page.locator("button.copy-cite").is_visible()
    context.close()
