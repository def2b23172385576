"""Issue 15 in a browser: search by a misspelt name and a word, the speaker
page led by statements (a fragment shown under the statement it was cut
from) and its activity chart. Screenshots go to tests/browser/screenshots/."""
from datetime import date
from pathlib import Path

import pytest

from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parent / "screenshots"
FULL = "Returning to Ukraine's pre-2014 borders is an unrealistic objective."
PART = "an unrealistic objective"


@pytest.fixture
def shot(page, request):
    SHOTS.mkdir(exist_ok=True)

    def take(step: str) -> Path:
        path = SHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def hegseth():
    speaker = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth", role="Defense Secretary", country="United States")
    other = SpeakerFactory(name="Kaja Kallas", slug="kaja-kallas")
    wire, post, herald = (OutletFactory(name=n) for n in ("Wire", "Post", "Herald"))
    full = QuoteFactory(speaker=speaker, text=FULL)
    part = QuoteFactory(speaker=speaker, text=PART, kind="partial")
    troops = QuoteFactory(speaker=speaker, text="No American troops will be deployed to Ukraine.")
    theirs = QuoteFactory(speaker=other, text="Ukraine's borders are not for sale.")
    for quote, outlet, day in ((full, wire, 12), (full, herald, 13), (part, post, 13), (troops, wire, 14),
                               (troops, post, 14), (theirs, post, 14)):
        AppearanceFactory(quote=quote, kind=quote.kind, text=quote.text,
                          article=ArticleFactory(outlet=outlet, published=date(2025, 2, day)))
    quotes_refresh_stats(quote_ids={full.id, part.id, troops.id, theirs.id})
    return {"speaker": speaker, "full": full, "part": part, "troops": troops, "theirs": theirs}


def test_search_with_a_misspelt_name_and_a_word(page, live_server, login, shot, journalist, hegseth):
    login("journalist")
    page.goto(f"{live_server.url}/search/")
    page.fill("#q", "Hegseht borders")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#reading")
    assert "Showing results for “borders” by Pete Hegseth" in " ".join(page.inner_text("#reading").split())
    results = page.inner_text("ol.results")
    assert "pre-2014 borders" in results and "not for sale" not in results, "Kallas's borders quote is not his"
    shot("misspelt-name")
    page.click("#reading a:has-text('instead')")
    page.wait_for_selector("ol.results")
    assert "not for sale" in page.inner_text("ol.results"), "the words alone find every speaker's"


def test_speaker_filter_suggests_names(page, live_server, login, shot, journalist, hegseth):
    login("journalist")
    page.goto(f"{live_server.url}/search/")
    page.type("#f-speaker", "Heg")
    page.wait_for_selector("#speaker-names option[value='Pete Hegseth']", state="attached")
    page.fill("#f-speaker", "Pete Hegseth")
    page.fill("#q", "Ukriane")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#reading")
    assert "ukraine" in page.inner_text("#reading")
    results = page.inner_text("ol.results")
    assert "No American troops" in results and "not for sale" not in results
    shot("speaker-filter-and-corrected-word")


def test_speaker_page_leads_with_statements_and_charts_activity(page, live_server, login, shot, journalist, hegseth):
    login("journalist")
    page.goto(f"{live_server.url}/speakers/pete-hegseth/")
    assert "Defense Secretary · United States" in page.inner_text("#profile")
    statements = page.locator("li.statement")
    assert statements.count() == 2, "the fragment is not a row of its own"
    holder = page.locator(f"#statement-{hegseth['full'].id}")
    assert PART in holder.locator("li.fragment").inner_text() and "Post" in holder.locator("li.fragment").inner_text()
    assert "Herald" in holder.locator("ul.printings").inner_text()
    chart = page.locator("#activity svg[role=img]")
    assert chart.is_visible()
    # Two outlets printed his statements on 14 Feb: two stacked bars that day.
    assert page.locator("#activity rect title", has_text="14 Feb 2025").count() == 2
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 60
    assert "12 Feb 2025 to 14 Feb 2025" in page.inner_text("#activity figcaption")
    shot("statements-and-activity")
    page.click("a:has-text('Search their quotes')")
    page.wait_for_selector("ol.results")
    assert page.locator("ol.results > li").count() == 3
