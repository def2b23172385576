"""An editor merges two quotes on a speaker page, sees the merged quote,
undoes the merge and sees both quotes again: once with JavaScript (htmx posts
in place) and once without (plain forms)."""
import re

import pytest

from quotes.models import Edit, Quote
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "The report is ahistorical and false"
SECOND = "The report is ahistorical, false and an insult to our troops"


@pytest.fixture(params=["js", "nojs"])
def page(browser, request):
    """The conftest page, with JavaScript on or off."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=request.param == "js")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def hegseth():
    speaker = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    a = QuoteFactory(speaker=speaker, text=FIRST)
    b = QuoteFactory(speaker=speaker, text=SECOND)
    AppearanceFactory(quote=a, article=ArticleFactory(outlet=OutletFactory(name="BBC")))
    AppearanceFactory(quote=b, article=ArticleFactory(outlet=OutletFactory(name="Politico")))
    quotes_refresh_stats(quote_ids={a.id, b.id})
    return speaker, a, b


def test_merge_then_undo_on_speaker_page(page, live_server, login, screenshot, editor, hegseth, request):
    speaker, a, b = hegseth
    with_js = request.node.callspec.params["page"] == "js"
    htmx_posts = []
    page.on("request", lambda r: r.method == "POST" and r.headers.get("hx-request") and htmx_posts.append(r.url))

    login("editor")
    page.goto(f"{live_server.url}/speakers/{speaker.slug}/")
    assert page.locator("ol.quotes > li").count() == 2
    if with_js:
        assert page.evaluate("typeof htmx") == "object", "htmx loads from our static files"
    screenshot("1-speaker-page")

    page.check(f"input[name=quotes][value='{a.id}']")
    page.check(f"input[name=quotes][value='{b.id}']")
    page.check(f"input[name=canonical][value='{b.id}']")
    screenshot("2-selected")
    page.click("text=Merge selected quotes")
    page.wait_for_url(re.compile(rf"/quotes/{b.id}/$"))
    page.wait_for_selector(f"text=Merged quote #{a.id} into #{b.id}")
    assert page.locator("main blockquote.canonical").inner_text().strip() == SECOND
    assert "BBC" in page.inner_text("main") and "Politico" in page.inner_text("main")
    screenshot("3-merged-quote-page")
    assert Quote.objects.get(id=a.id).merged_into_id == b.id

    page.click("#history-h ~ ol button:has-text('Undo')")
    page.wait_for_selector("text=Undone: Merged quote")
    screenshot("4-undone")
    assert Edit.objects.get().undone_at is not None

    page.click(f"main a:has-text('{speaker.name}')")
    page.wait_for_url(re.compile(rf"/speakers/{speaker.slug}/$"))
    texts = page.locator("ol.quotes > li blockquote").all_inner_texts()
    assert sorted(t.strip() for t in texts) == sorted([FIRST, SECOND])
    screenshot("5-both-quotes-again")

    if with_js:
        assert len(htmx_posts) == 2, "merge and undo were posted by htmx, in place"
    else:
        assert htmx_posts == []


@pytest.mark.parametrize("page", ["js"], indirect=True)
def test_speaker_field_fetches_suggestions_as_the_editor_types(page, live_server, login, editor, hegseth):
    # With JavaScript only: without it the field takes any slug or exact name.
    speaker, a, _ = hegseth
    SpeakerFactory(name="Sean Parnell", slug="sean-parnell")
    for i in range(25):
        SpeakerFactory(name=f"Minister Number {i}", slug=f"minister-{i}")
    login("editor")
    page.goto(f"{live_server.url}/quotes/{a.id}/")
    options = page.locator("#speaker-choices option[value='sean-parnell']")
    assert options.count() == 0, "not among the first suggestions"
    # The panel's in-page actions select and push #main; the suggestions must not.
    page.fill("#reattribute-speaker", "Parn")
    options.wait_for(state="attached")
    assert page.locator("#speaker-choices option").count() == 1
    assert page.url.endswith(f"/quotes/{a.id}/"), "typing does not change the address"
