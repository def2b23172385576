"""An editor works the review queue in a browser: confirms one quote,
reattributes another to a known speaker, sees the queue empty, then undoes
both from the edit history and finds both back in the queue."""
import pytest

from quotes.models import Edit, Quote
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue():
    lee, ames = SpeakerFactory(name="Ann Lee", slug="ann-lee"), SpeakerFactory(name="Elena Ames", slug="elena-ames")
    unsure = QuoteFactory(speaker=lee, text="The roads come first", attribution_confidence=0.55)
    nobody = QuoteFactory(speaker=None, text="Nobody asked the tenants", attribution_confidence=0.0)
    for q in (unsure, nobody):
        AppearanceFactory(quote=q, article=ArticleFactory(outlet=OutletFactory()), confidence=q.attribution_confidence)
    return unsure, nobody, ames


def test_confirm_and_reattribute_then_undo_both(page, live_server, login, screenshot, editor, queue):
    unsure, nobody, ames = queue
    login("editor")
    page.goto(f"{live_server.url}/review/")
    assert page.locator("ol.review-queue > li.review-item").count() == 2
    screenshot("review-1-queue")

    page.click(f"#review-{unsure.id} button:has-text('Confirm Ann Lee')")
    page.wait_for_selector(f"text=Confirmed #{unsure.id}")
    assert page.locator(f"#review-{unsure.id}").count() == 0
    screenshot("review-2-confirmed")

    page.fill(f"#speaker-{nobody.id}", ames.slug)
    page.click(f"#review-{nobody.id} button:has-text('Reattribute')")
    page.wait_for_selector(f"text=Reattributed #{nobody.id}")
    assert page.locator("ol.review-queue > li.review-item").count() == 0
    assert Quote.objects.get(id=nobody.id).speaker_id == ames.id
    screenshot("review-3-empty")

    page.goto(f"{live_server.url}/edits/")
    for undone in range(2):
        page.click("ol.edits > li:not(.undone) button:has-text('Undo') >> nth=0")
        page.locator("ol.edits > li.undone").nth(undone).wait_for()
    assert Edit.objects.filter(undone_at__isnull=True).count() == 0
    page.goto(f"{live_server.url}/review/")
    assert page.locator("ol.review-queue > li.review-item").count() == 2
    assert Quote.objects.get(id=nobody.id).speaker_id is None
    screenshot("review-4-both-back")
