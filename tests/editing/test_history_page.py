"""The edit history people read (issue 14): for each edit, the quote, the
speaker and the words before and after, as a short diff with links; no raw
Python dicts. The JSON stays in the API."""
import pytest
from django.urls import reverse

from quotes.editing import services
from quotes.services.derived import quotes_refresh_derived
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(editor):
    ruiz = SpeakerFactory(name="Ana Ruiz", slug="ana-ruiz")
    nato = SpeakerFactory(name="NATO", slug="nato", is_group=True)
    a = QuoteFactory(speaker=ruiz, text="We will build the bridge")
    b = QuoteFactory(speaker=ruiz, text="We will build the new bridge soon")
    AppearanceFactory(quote=a, article=ArticleFactory(outlet=OutletFactory(name="Daily Ledger"), title="Bridge plan"))
    AppearanceFactory(quote=b)
    quotes_refresh_derived(quote_ids={a.id, b.id}, wording=False)
    merge = services.quote_merge(target=b, sources=[a], by=editor, canonical_text="We will build the bridge soon")
    reattribute = services.quote_reattribute(quote=b, speaker=nato, by=editor)
    return a, b, merge, reattribute


def test_history_shows_words_before_and_after_as_a_diff_with_links(client, editor, edited):
    a, b, merge, reattribute = edited
    client.force_login(editor)
    for url in (reverse("quotes:edit_list"), reverse("quotes:quote_detail", args=[b.id])):
        page = client.get(url).text
        assert "{'" not in page and "&#x27;editor_locked&#x27;" not in page and "editor_locked" not in page
        assert "the <del class=\"diff\">new</del> bridge" in page, "a word the merge took out of the wording"
        assert f'href="{reverse("quotes:speaker_detail", args=["ana-ruiz"])}"' in page
        assert f'href="{reverse("quotes:speaker_detail", args=["nato"])}"' in page
        assert "Ana Ruiz" in page and "NATO" in page
        assert f'href="{reverse("quotes:quote_detail", args=[a.id])}"' in page
        assert "Daily Ledger" in page, "the printing the merge moved, by its outlet"


def test_history_of_a_removed_alias_and_of_not_a_quote(client, editor, edited):
    a, b, *_ = edited
    services.alias_add(speaker=b.speaker, alias="the alliance", by=editor)
    services.quote_hide(quote=b, by=editor)
    client.force_login(editor)
    page = client.get(reverse("quotes:edit_list")).text
    assert "the alliance" in page and "not a quote" in page


def test_history_page_query_count_does_not_grow_with_edits(client, editor, edited, django_assert_max_num_queries):
    _, b, *_ = edited
    services.alias_add(speaker=b.speaker, alias="the alliance", by=editor)
    client.force_login(editor)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("quotes:edit_list"))
    for word in ("first", "second", "third", "fourth", "fifth", "sixth"):
        services.alias_add(speaker=b.speaker, alias=f"the {word} one", by=editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("quotes:edit_list"))


def test_edit_json_stays_in_the_api(editor, edited):
    from rest_framework.test import APIClient

    a, _, _, reattribute = edited
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(f"/api/edits/{reattribute.id}/undo/")
    body = response.json()
    assert response.status_code == 200
    assert body["before"]["quotes"][str(reattribute.quote_id)]["speaker_id"] == a.speaker_id
    assert body["after"]["touched"]["quotes"] == [reattribute.quote_id]
