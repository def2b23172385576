"""Misquote watch in a browser: an editor opens the misquote list from the
menu, sees which outlet changed which words and how many outlets print each
version, and follows it to the quote page; a journalist sees the flag on
the quote page beside that outlet's wording diff."""
from pathlib import Path

import pytest

from quotes.models import Appearance
from tests.editing.test_misquotes import CHANGED, SAID, printed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Kept out of git (.gitignore); looked at before a change is closed.
SHOTS = Path(__file__).parent / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"misquotes-{name}.png"), full_page=True)


def test_editor_lists_misquotes_and_journalist_sees_the_flag(page, live_server, login, editor, journalist):
    printed("Harbour Wire", SAID)
    printed("Daily Courier", SAID)
    printed("Evening Herald", CHANGED)
    changed = Appearance.objects.get(text=CHANGED)

    login("editor")
    page.click("nav >> text=Misquotes")
    item = page.locator(f"#misquote-{changed.id}")
    item.wait_for()
    assert page.locator("li.misquote-item").count() == 1
    assert "Evening Herald" in item.locator(".outlet").inner_text()
    assert item.locator("del.diff").inner_text() == "rebuilt"
    assert item.locator("ins.diff").inner_text() == "repaired"
    assert "2 outlets print “rebuilt”, 1 prints “repaired”" in item.inner_text()
    shot(page, "1-editor-list")

    item.locator("blockquote a").click()
    page.wait_for_url(f"**/quotes/{changed.quote_id}/#p{changed.id}")
    assert page.locator(f"#p{changed.id} .misquote-flag").is_visible()

    page.context.clear_cookies()
    login("journalist")
    page.goto(f"{live_server.url}/quotes/{changed.quote_id}/")
    row = page.locator(f"#p{changed.id}")
    flag = row.locator(".misquote")
    assert flag.is_visible()
    assert "Possible misquote" in flag.inner_text() and "repaired" in flag.inner_text()
    # Beside the per-outlet wording diff, in the same printing's row; the
    # outlets that agree carry no flag.
    assert row.locator("blockquote.printed").is_visible()
    assert "Evening Herald" in row.inner_text()
    assert page.locator(".misquote").count() == 1
    # Journalists have no misquote list.
    assert page.locator("nav >> text=Misquotes").count() == 0
    shot(page, "2-journalist-quote-page")
