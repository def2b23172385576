import pytest
from django.urls import reverse

from quotes import browse
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote():
    q = QuoteFactory(text="We will hold the line", outlet_count=1)
    AppearanceFactory(quote=q, text="We will hold the line")
    # As extraction does: the speaker directory reads the refreshed counts.
    quotes_refresh_stats(quote_ids={q.id})
    return q


def _urls(quote):
    return [
        reverse("quotes:speaker_list"),
        reverse("quotes:speaker_detail", args=[quote.speaker.slug]),
        reverse("quotes:quote_detail", args=[quote.id]),
        reverse("articles:article_detail", args=[quote.appearances.first().article_id]),
    ]


def test_pages_work_for_journalist(client, journalist, quote):
    client.force_login(journalist)
    for url in _urls(quote):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "We will hold the line" in response.text or quote.speaker.name in response.text


def test_pages_redirect_anonymous_to_login(client, quote):
    for url in _urls(quote):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_pages_forbid_user_without_role(client, nobody, quote):
    client.force_login(nobody)
    for url in _urls(quote):
        assert client.get(url).status_code == 403, url


def test_quote_page_lists_each_outlet_with_its_wording(client, journalist, quote):
    other = AppearanceFactory(quote=quote, text="we will hold the line")
    client.force_login(journalist)
    response = client.get(reverse("quotes:quote_detail", args=[quote.id]))
    assert other.article.outlet.name in response.text
    assert quote.appearances.exclude(id=other.id).get().article.outlet.name in response.text


def test_quote_text_is_escaped(client, journalist):
    q = QuoteFactory(text="<script>alert(1)</script>")
    AppearanceFactory(quote=q)
    client.force_login(journalist)
    response = client.get(reverse("quotes:speaker_detail", args=[q.speaker.slug]))
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;" in response.text


def test_speaker_page_query_count_does_not_grow_with_rows(client, journalist, django_assert_max_num_queries):
    speaker = SpeakerFactory()
    client.force_login(journalist)
    url = reverse("quotes:speaker_detail", args=[speaker.slug])
    for n in (3, 30):
        quotes = [QuoteFactory(speaker=speaker) for _ in range(n)]
        # 8 before the page led with statements: + the statements' printings,
        # the fragments inside them and their printings, the activity chart.
        with django_assert_max_num_queries(12):
            response = client.get(url)
        # Flat because the rows come together, not because they are missing:
        # every quote so far fits on the first page and is on it.
        shown = response.context["quotes"]
        assert response.status_code == 200 and speaker.name in response.text
        assert len(shown) == speaker.quotes.count() < browse.PAGE_SIZE
        assert {q.id for q in quotes} <= {q.id for q in shown}
        assert all(q.text in response.text for q in quotes)
