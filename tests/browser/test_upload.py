"""An admin uploads in a real browser and watches the status list update
live; nothing from an upload ever runs as script."""
from pathlib import Path

import pytest

from articles.models import Article
from articles.services import article_claim
from quotes.tasks import extract_article
from quotes.models import Appearance
from tests.browser_fixtures import ARTIFACTS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sent(monkeypatch):
    """Ids sent to the worker, kept here: the test runs each task itself, so
    no worker and no shared Redis are involved (the live server runs in this
    process, so the patch reaches it)."""
    ids = []
    monkeypatch.setattr("articles.services.article_enqueue", lambda article_id: ids.append(article_id) or True)
    return ids


def _upload(page, live_server, *, files=(), text=""):
    page.goto(f"{live_server.url}/articles/upload/")
    if files:
        page.set_input_files("#id_files", [str(FIXTURES / f) for f in files])
    if text:
        page.fill("#id_text", text)
    page.click("form.upload-form button[type=submit]")
    page.wait_for_selector("#upload-status")


def test_uploaded_news_page_goes_queued_processing_done_with_its_quotes(
    page, live_server, login, admin_user, sent, screenshot
):
    login("admin")
    _upload(page, live_server, files=["news_article.html"])
    row = "tr.upload-item"
    assert page.get_attribute(row, "data-status") == "queued"
    assert "0 of 1 done" in page.inner_text("#upload-status")
    screenshot("queued")
    # Marks this page: a full reload would lose it, an htmx swap keeps it.
    page.evaluate("window.__samePage = true")

    [article_id] = sent
    assert article_claim(article_id=article_id)
    page.wait_for_selector(f"{row}[data-status=processing]", timeout=10_000)
    Article.objects.filter(id=article_id).update(status="queued")
    extract_article.apply(args=[article_id], throw=True)  # the worker's job, run here
    page.wait_for_selector(f"{row}[data-status=done]", timeout=10_000)
    screenshot("done")
    assert page.evaluate("window.__samePage") is True
    status = page.inner_text("#upload-status")
    assert "1 of 1 done" in status
    # Polling stopped: the swapped-in list no longer asks to be refreshed.
    assert page.get_attribute("#upload-status", "hx-trigger") is None

    quotes = {
        a.quote.speaker.name if a.quote.speaker else None: a.text
        for a in Appearance.objects.filter(article_id=article_id, kind="direct").select_related("quote__speaker")
    }
    count = Article.objects.filter(id=article_id).with_quote_count().get().quote_count
    assert f"{count} quote" in page.inner_text(row)
    assert quotes.get("Elena Ruiz", "").startswith("This bridge carries twenty thousand people a day")
    assert "It will stand for another hundred years" in quotes.get("Tom Becker", "")
    # Nothing from the menus, ads or related links became a quote.
    assert not Appearance.objects.filter(article_id=article_id, text__icontains="disgrace").exists()

    page.click(f"{row} td:nth-child(2) a")
    page.wait_for_selector("mark.quote")
    marked = page.locator("mark.quote").all_inner_texts()
    assert any("This bridge carries" in m for m in marked)
    assert "ADVERTISEMENT" not in page.inner_text("main")


def test_rerun_button_requeues_from_the_status_list(page, live_server, login, admin_user, sent):
    login("admin")
    _upload(page, live_server, text="“We are ready,” the mayor said on Monday, in front of the town hall.")
    [article_id] = sent
    Article.objects.filter(id=article_id).update(status="failed", error="ValueError: boom")
    page.wait_for_selector("tr.upload-item[data-status=failed]", timeout=10_000)
    assert "ValueError: boom" in page.inner_text("#upload-status")
    page.click("tr.upload-item button:has-text('Re-run extraction')")
    page.wait_for_selector("tr.upload-item[data-status=queued]", timeout=10_000)
    assert sent == [article_id, article_id]


def test_a_script_inside_an_uploaded_article_never_runs(page, live_server, login, admin_user, sent, screenshot):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login("admin")
    _upload(page, live_server, files=["script_onerror.html"])
    page.wait_for_timeout(500)
    _upload(
        page, live_server,
        text="<script>alert('pasted')</script><img src=x onerror=\"alert('img')\"> “Hi,” she said on Monday morning.",
    )
    page.wait_for_timeout(500)
    for article in Article.objects.all():
        page.goto(f"{live_server.url}/articles/{article.id}/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # time for any onerror or deferred script
    screenshot("article")
    assert dialogs == []
    # The page's escaped markup is shown as the text it is.
    council = Article.objects.get(title="Council vote delayed")
    page.goto(f"{live_server.url}/articles/{council.id}/")
    assert '<script>alert("sign")</script>' in page.inner_text(".article-text")
    assert page.locator(".article-text script, .article-text img").count() == 0
    # The listener works: a real alert is recorded.
    page.evaluate("alert('control')")
    assert dialogs == ["control"]


def test_upload_and_status_work_without_javascript(browser, live_server, login, admin_user, sent):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "pw-for-tests")
        page.click("button[type=submit]")
        _upload(page, live_server, files=["crlf.txt"])
        assert "0 of 1 done" in page.inner_text("#upload-status")
        Article.objects.update(status="done")
        page.click("#upload-status a:has-text('Refresh')")
        assert "1 of 1 done" in page.inner_text("#upload-status")
        page.goto(f"{live_server.url}/articles/upload/")
        page.set_input_files("#id_files", str(FIXTURES / "image.png"))
        page.click("form.upload-form button[type=submit]")
        assert "image.png: the file is a PNG image, not text" in page.inner_text("[role=alert]")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_upload_without_js-refused.png"), full_page=True)
    finally:
        context.close()
