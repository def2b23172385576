"""Hostile input through every reader's door: SQL metacharacters in search
and filters, and a journalist's token on editor endpoints."""
import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory

pytestmark = pytest.mark.django_db

NASTY = ["' OR 1=1 --", "'; DROP TABLE quotes_quote; --", '" OR ""="', "%' AND 1=0 UNION SELECT 1 --", "\\x00", "a:*|!b&(c"]


@pytest.fixture
def quote():
    q = QuoteFactory(text="We will hold the line")
    AppearanceFactory(quote=q)
    quotes_refresh_stats(quote_ids={q.id})
    return q


@pytest.mark.parametrize("value", NASTY)
def test_sql_metacharacters_in_search_and_filters_are_harmless(client, journalist, quote, value):
    client.force_login(journalist)
    urls = [
        ("/search/", {"q": value}),
        ("/search/", {"q": "line", "speaker": value, "outlet": value, "kind": value, "from": value}),
        ("/speakers/", {"q": value}),
        (f"/speakers/{quote.speaker.slug}/", {"kind": value, "outlet": value, "from": value, "to": value, "sort": value}),
        ("/api/search/", {"q": value}),
        ("/api/quotes/", {"speaker": value, "since": value, "kind": value, "outlet": value}),
        ("/api/speakers/", {"q": value}),
    ]
    for url, params in urls:
        response = client.get(url, params)
        assert response.status_code in (200, 400), (url, params, response.status_code)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM quotes_quote")
        assert cur.fetchone()[0] == 1


def test_journalist_token_cannot_call_editor_endpoints(journalist, quote):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=journalist).key}")
    assert api.get("/api/quotes/").status_code == 200
    other = QuoteFactory(speaker=quote.speaker)
    calls = [
        ("/api/quotes/merge/", {"target": quote.id, "sources": [other.id]}),
        (f"/api/quotes/{quote.id}/split/", {"appearances": [quote.appearances.get().id]}),
        ("/api/edits/1/undo/", {}),
        ("/api/articles/", {"text": "“We will win,” said Ana Ruiz."}),
    ]
    for url, body in calls:
        assert api.post(url, body, format="json").status_code == 403, url
    assert not other.__class__.objects.filter(id=other.id, merged_into=quote).exists()
