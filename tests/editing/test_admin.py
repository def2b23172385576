"""The Django admin must not change quotes, printings or speakers behind the
edit record (issue 14): those changes go through the editing services, which
record an Edit that can be undone. In the admin they are read-only."""
import pytest
from django.urls import reverse

from quotes.models import Appearance, Edit, Quote, Speaker, SpeakerAlias
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote():
    speaker = SpeakerFactory(name="Ana Ruiz")
    SpeakerAlias.objects.create(speaker=speaker, alias="Ruiz", key="ruiz")
    quote = QuoteFactory(speaker=speaker, text="We will build the bridge")
    AppearanceFactory(quote=quote)
    return quote


def _admin_url(obj, action="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def test_admin_cannot_change_a_quotes_text_hidden_flag_or_merge(client, admin_user, quote):
    other = QuoteFactory(speaker=quote.speaker)
    client.force_login(admin_user)
    page = client.get(_admin_url(quote))
    assert page.status_code == 200 and "We will build the bridge" in page.text
    assert 'name="text"' not in page.text and 'name="_save"' not in page.text
    response = client.post(
        _admin_url(quote),
        {"text": "Changed behind the record", "hidden": "on", "merged_into": other.id, "kind": "direct",
         "speaker": quote.speaker_id},
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert (quote.text, quote.hidden, quote.merged_into_id) == ("We will build the bridge", False, None)
    assert not Edit.objects.exists()


@pytest.mark.parametrize("model", [Quote, Appearance, Speaker, SpeakerAlias, Edit])
def test_admin_can_neither_add_nor_delete_quotes_printings_speakers_or_edits(client, admin_user, quote, model):
    client.force_login(admin_user)
    obj = model.objects.first() if model is not Edit else Edit.objects.create(action="hide_quote", summary="x")
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    assert client.post(_admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert client.post(_admin_url(obj), {}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200


def test_admin_quote_page_links_to_the_editor_tools(client, admin_user, quote):
    client.force_login(admin_user)
    page = client.get(_admin_url(quote))
    assert reverse("quotes:quote_detail", args=[quote.id]) in page.text
