"""Who quotes whom in a browser: the shaded cells show (CSS classes, since
the CSP allows no inline style) and a cell's link opens the filtered quotes."""
from pathlib import Path

import pytest

from tests.browse.conftest import many_quotes, newsroom  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).with_name("screenshots")


def test_heat_map_renders_shaded_and_links(page, live_server, login, journalist, newsroom):  # noqa: F811
    console = []
    page.on("console", lambda m: console.append(m.text))
    many_quotes(newsroom["healey"], newsroom["bbc"], 6)
    many_quotes(newsroom["trump"], newsroom["cnn"], 3)
    login("journalist")
    page.goto(f"{live_server.url}/who-quotes-whom/")
    busiest = page.locator("td.heat-5 a").first
    darkest = busiest.evaluate("a => getComputedStyle(a.parentElement).backgroundColor")
    lightest = page.locator("td.heat-1, td.heat-2").first.evaluate("td => getComputedStyle(td).backgroundColor")
    empty = page.locator("td.heat-0").first.evaluate("td => getComputedStyle(td).backgroundColor")
    assert len({darkest, lightest, empty}) == 3, (darkest, lightest, empty)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "who-quotes-whom.png"), full_page=True)
    assert busiest.inner_text() == "8"  # Healey on BBC: 2 + 6 statements
    busiest.click()
    page.wait_for_url("**/speakers/john-healey/?outlet=bbc")
    assert page.locator("ol.quotes > li").count() == 8
    assert not [m for m in console if "Content Security Policy" in m], console
