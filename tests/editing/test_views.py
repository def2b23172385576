"""Editor pages and actions through the Django test client: plain forms,
htmx requests, CSRF, and who may do what (the full matrix of every URL is in
tests/test_permission_matrix.py)."""
import pytest
from django.test import Client
from django.urls import reverse

from quotes.models import Edit, Quote, SpeakerAlias, SuppressedSpan
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")


@pytest.fixture
def quotes(speaker):
    a = QuoteFactory(speaker=speaker, text="The report is ahistorical and false")
    b = QuoteFactory(speaker=speaker, text="The report is ahistorical and false and we reject it")
    AppearanceFactory(quote=a), AppearanceFactory(quote=a), AppearanceFactory(quote=b)
    quotes_refresh_stats(quote_ids={a.id, b.id})
    return a, b


def test_speaker_page_merge_keeps_the_chosen_wording(client, editor, quotes):
    a, b = quotes
    client.force_login(editor)
    page = client.get(reverse("quotes:speaker_detail", args=["pete-hegseth"]))
    assert 'name="quotes"' in page.text and "Merge selected quotes" in page.text
    response = client.post(
        reverse("quotes:speaker_quotes_merge", args=["pete-hegseth"]), {"quotes": [a.id, b.id], "canonical": b.id}
    )
    assert response.status_code == 302 and response["Location"] == reverse("quotes:quote_detail", args=[b.id])
    a.refresh_from_db(), b.refresh_from_db()
    assert a.merged_into_id == b.id and b.appearance_count == 3
    page = client.get(response["Location"])
    assert "Merged quote #" in page.text and "Undo" in page.text


def test_speaker_page_merge_needs_two_quotes(client, editor, quotes):
    a, _ = quotes
    client.force_login(editor)
    url = reverse("quotes:speaker_quotes_merge", args=["pete-hegseth"])
    response = client.post(url, {"quotes": [a.id]}, follow=True)
    assert "Select two or more quotes" in response.text
    assert not Edit.objects.exists()


def test_filters_still_work_for_editors(client, editor, speaker):
    QuoteFactory(speaker=speaker, text="Direct one", kind="direct")
    QuoteFactory(speaker=speaker, text="Partial one", kind="partial")
    client.force_login(editor)
    page = client.get(reverse("quotes:speaker_detail", args=["pete-hegseth"]), {"kind": "partial"})
    assert "Partial one" in page.text and "Direct one" not in page.text


def test_quote_page_lists_possible_duplicates_with_similarity(client, editor, journalist, quotes):
    a, b = quotes
    QuoteFactory(speaker=a.speaker, text="Something else entirely about budgets")
    client.force_login(editor)
    page = client.get(reverse("quotes:quote_detail", args=[a.id]))
    assert "Possible duplicates" in page.text and b.text in page.text and "similarity 1.00" in page.text
    assert "Something else entirely" not in page.text
    client.force_login(journalist)
    page = client.get(reverse("quotes:quote_detail", args=[a.id]))
    assert "Possible duplicates" not in page.text and "Merge into this quote" not in page.text


def test_one_click_duplicate_merge_over_htmx_then_undo(client, editor, quotes):
    a, b = quotes
    client.force_login(editor)
    response = client.post(
        reverse("quotes:quote_merge", args=[a.id]),
        {"source": b.id, "canonical": "target"},
        headers={"HX-Request": "true"},
    )
    # htmx follows the redirect and swaps <main> with the page it leads to.
    assert response.status_code == 302
    edit = Edit.objects.get()
    assert edit.action == "merge_quotes" and Quote.objects.get(id=b.id).hidden
    page = client.get(reverse("quotes:quote_detail", args=[b.id]), follow=True)
    assert f"Quote #{b.id} was merged into this one" in page.text
    response = client.post(reverse("quotes:edit_undo", args=[edit.id]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("quotes:quote_detail", args=[a.id]), "no open redirect"
    assert not Quote.objects.get(id=b.id).hidden
    page = client.get(reverse("quotes:quote_detail", args=[a.id]))
    assert "undone by editor" in page.text


def test_split_reattribute_and_hide_from_the_quote_page(client, editor, quotes):
    a, _ = quotes
    other = SpeakerFactory(name="Sean Parnell", slug="sean-parnell")
    client.force_login(editor)
    first, second = a.appearances.order_by("id")
    page = client.get(reverse("quotes:quote_detail", args=[a.id]))
    assert "Split selected" in page.text and "Reattribute" in page.text and "Mark not a quote" in page.text

    response = client.post(reverse("quotes:quote_split", args=[a.id]), {"appearances": [second.id]})
    new = Edit.objects.latest("id").quote
    assert response["Location"] == reverse("quotes:quote_detail", args=[new.id])

    url = reverse("quotes:quote_reattribute", args=[new.id])
    client.post(url, {"speaker": "sean-parnell", "alias": "the spokesman"})
    new.refresh_from_db()
    assert new.speaker == other and SpeakerAlias.objects.filter(speaker=other, added_by_editor=True).exists()

    response = client.post(reverse("quotes:quote_reattribute", args=[a.id]), {"speaker": "Nobody Known"}, follow=True)
    assert "No speaker called" in response.text and "new speaker" in response.text
    response = client.post(
        reverse("quotes:quote_reattribute", args=[a.id]), {"speaker": "sean-parnell", "new_speaker": "1"}, follow=True
    )
    assert "already a speaker" in response.text
    client.post(reverse("quotes:quote_reattribute", args=[a.id]), {"speaker": "Nadia Verhoeven", "new_speaker": "1"})
    a.refresh_from_db()
    assert a.speaker.name == "Nadia Verhoeven"

    client.post(reverse("quotes:quote_hide", args=[new.id]))
    new.refresh_from_db()
    assert new.hidden and SuppressedSpan.objects.filter(article=second.article).exists()
    assert [e.action for e in Edit.objects.order_by("id")] == ["split_quote", "reattribute", "reattribute", "hide_quote"]


def test_speaker_merge_and_aliases(client, editor, speaker, quotes):
    other = SpeakerFactory(name="P. Hegseth", slug="p-hegseth")
    q = QuoteFactory(speaker=other)
    client.force_login(editor)
    response = client.post(reverse("quotes:speaker_merge", args=["pete-hegseth"]), {"speaker": "p-hegseth"})
    assert response["Location"] == reverse("quotes:speaker_detail", args=["pete-hegseth"])
    q.refresh_from_db()
    assert q.speaker == speaker
    client.post(reverse("quotes:alias_add", args=["pete-hegseth"]), {"alias": "the defense secretary"})
    alias = speaker.aliases.get()
    page = client.get(reverse("quotes:speaker_detail", args=["pete-hegseth"]))
    assert "the defense secretary" in page.text
    client.post(reverse("quotes:alias_remove", args=["pete-hegseth", alias.id]))
    assert not speaker.aliases.exists()
    page = client.get(reverse("quotes:edit_list"))
    assert page.text.count("Undo") >= 3


def test_csrf_is_enforced(editor, quotes):
    a, b = quotes
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("quotes:quote_merge", args=[a.id]), {"source": b.id})
    assert response.status_code == 403 and not Edit.objects.exists()
    page = client.get(reverse("quotes:quote_detail", args=[a.id]))
    token = str(page.context["csrf_token"])
    assert f'"X-CSRFToken": "{token}"' in page.text, "htmx sends the token from <body hx-headers>"
    response = client.post(reverse("quotes:quote_merge", args=[a.id]), {"source": b.id}, headers={"X-CSRFToken": token})
    assert response.status_code == 302 and Edit.objects.count() == 1


def test_journalist_gets_403_and_anonymous_is_sent_to_login(client, journalist, quotes):
    a, b = quotes
    url = reverse("quotes:quote_merge", args=[a.id])
    response = client.post(url, {"source": b.id})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(journalist)
    assert client.post(url, {"source": b.id}).status_code == 403
    assert not Edit.objects.exists()


def test_htmx_is_vendored_not_from_a_cdn(client, journalist, quotes):
    client.force_login(journalist)
    page = client.get(reverse("quotes:speaker_list"))
    assert '<script src="/static/htmx.min.js"' in page.text
    assert "unpkg" not in page.text and "cdn" not in page.text.lower()


@pytest.mark.parametrize("url_name", ["quotes:speaker_detail", "quotes:quote_detail"])
def test_editor_pages_query_count_does_not_grow_with_rows(client, editor, speaker, url_name):
    def build(n):
        quotes = [QuoteFactory(speaker=speaker, text=f"We will hold the line number {i}") for i in range(n)]
        for q in quotes:
            AppearanceFactory(quote=q)
        SpeakerAlias.objects.create(speaker=speaker, alias=f"alias {n}", key=f"alias {n}")
        return quotes[0]

    client.force_login(editor)

    def count(first):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        args = [speaker.slug] if url_name == "quotes:speaker_detail" else [first.id]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name, args=args)).status_code == 200
        return len(ctx.captured_queries)

    small = count(build(2))
    large = count(build(12))
    assert large == small, (small, large)


def test_speaker_suggestions_follow_what_the_editor_types(client, editor, speaker, quotes):
    other = SpeakerFactory(name="Sean Parnell", slug="sean-parnell")
    SpeakerAlias.objects.create(speaker=other, alias="Pentagon spokesman", key="pentagon spokesman")
    client.force_login(editor)
    url = reverse("quotes:speaker_suggest")
    assert 'value="sean-parnell"' in client.get(url, {"speaker": "parn"}).text
    by_alias = client.get(url, {"speaker": "spokes"}).text
    assert 'value="sean-parnell"' in by_alias and "pete-hegseth" not in by_alias
    assert "sean-parnell" not in client.get(url, {"speaker": "parnell", "exclude": "sean-parnell"}).text
    assert client.get(url, {"speaker": "<script>"}).text.strip() == ""


def test_speaker_fields_suggest_a_bounded_list_and_fetch_more_as_you_type(client, editor, speaker, quotes):
    for i in range(40):
        SpeakerFactory(name=f"Minister Number {i}", slug=f"minister-{i}")
    client.force_login(editor)
    page = client.get(reverse("quotes:quote_detail", args=[quotes[0].id])).text
    datalist = page[page.index('<datalist id="speaker-choices">') :].split("</datalist>")[0]
    assert datalist.count("<option") == 20
    assert 'value="pete-hegseth"' in datalist, "the most quoted come first"
    assert f'hx-get="{reverse("quotes:speaker_suggest")}"' in page
