"""A merged-away quote's page leads to the quote it lives in now (issue 14),
instead of "Carried by 0 outlets" over an empty table."""
import pytest
from django.urls import reverse

from quotes.editing import services
from quotes.services.derived import quotes_refresh_derived
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    speaker = SpeakerFactory(name="Ana Ruiz")
    quotes = [QuoteFactory(speaker=speaker, text=f"We will build bridge number {i}") for i in range(3)]
    for q in quotes:
        AppearanceFactory(quote=q)
    quotes_refresh_derived(quote_ids={q.id for q in quotes}, wording=False)
    return quotes


def url(quote_id):
    return reverse("quotes:quote_detail", args=[quote_id])


def test_merged_away_quote_redirects_permanently_to_where_it_lives_now(client, journalist, three):
    a, b, c = three
    ed = UserFactory(username="ed")
    services.quote_merge(target=b, sources=[a], by=ed)
    services.quote_merge(target=c, sources=[b], by=ed)
    client.force_login(journalist)
    response = client.get(url(a.id))
    assert response.status_code == 301
    assert response["Location"] == f"{url(c.id)}?from={a.id}", "straight to the end of the chain"
    # Undo makes the old page a page again: browsers must not keep the redirect.
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f"Quote #{a.id} was merged into this one" in page.text


def test_from_banner_only_for_a_quote_really_merged_here(client, journalist, three):
    a, b, c = three
    client.force_login(journalist)
    for junk in (str(a.id), "x", "-1", "9" * 30):
        page = client.get(url(c.id), {"from": junk})
        assert page.status_code == 200 and "was merged into this one" not in page.text


def test_after_undo_the_merged_page_is_a_page_again(client, editor, three):
    a, b, _ = three
    edit = services.quote_merge(target=b, sources=[a], by=editor)
    services.edit_undo(edit=edit, by=editor)
    client.force_login(editor)
    page = client.get(url(a.id))
    assert page.status_code == 200 and "Carried by 1 outlet" in page.text


def test_merged_page_needs_login_and_permission(client, nobody, three):
    a, b, _ = three
    services.quote_merge(target=b, sources=[a], by=nobody)
    assert client.get(url(a.id)).status_code == 302 and "login" in client.get(url(a.id))["Location"]
    client.force_login(nobody)
    assert client.get(url(a.id)).status_code == 403
