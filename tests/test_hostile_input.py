"""Hostile input through every reader's door: SQL metacharacters in search
and filters, and a journalist's token on editor endpoints."""
import json

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


# --- issue 14: crafted input that used to answer 500 ----------------------------------------------


@pytest.fixture
def editor_api(editor):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return api


@pytest.fixture
def journalist_api(journalist):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=journalist).key}")
    return api


def _assert_clear_4xx(response, what):
    assert 400 <= response.status_code < 500, (what, response.status_code)


def test_nul_bytes_in_query_values_and_paths_are_refused(client, journalist, journalist_api, quote):
    client.force_login(journalist)
    outlet = quote.appearances.get().article.outlet
    pages = [
        "/search/?q=a%00b", "/speakers/?q=%00", "/speaker-suggestions/?q=%00",
        f"/outlets/{outlet.slug}/?speaker=%00", f"/speakers/{quote.speaker.slug}/?outlet=%00",
    ]
    for url in pages:
        response = client.get(url)
        _assert_clear_4xx(response, url)
        assert b"NUL" in response.content, url
    for url in ["/api/speakers/?q=%00", "/api/speakers/a%00b/", "/api/outlets/%00/printings/"]:
        response = journalist_api.get(url)
        _assert_clear_4xx(response, url)
        assert "NUL" in response.json()["detail"], url


def test_unicode_digits_are_not_numbers(client, journalist, journalist_api, editor_api, admin_user, quote):
    client.force_login(journalist)
    for url in ["/speakers/?size=²", "/search/?q=line&offset=²", "/search/?q=line&speaker=²",
                f"/speakers/{quote.speaker.slug}/?size=²"]:
        assert client.get(url).status_code < 500, url
    for url in ["/api/outlets/?page_size=²", "/api/speakers/²/", "/api/quotes/?speaker=²", "/api/search/?q=line&page_size=²"]:
        response = journalist_api.get(url)
        assert response.status_code < 500, url
        response.json()
    client.force_login(admin_user)
    assert client.get("/articles/status/?ids=1,²").status_code == 200
    response = editor_api.post(f"/api/quotes/{quote.id}/reattribute/", {"speaker": "²"}, format="json")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("cursor", ['["abc",1]', "[1]", '[{"a":1},1]', "[[1],2]", '["2025-13-45", 1]', "notjson"])
def test_malformed_speaker_list_cursor_is_not_a_server_error(client, journalist, quote, cursor):
    from quotes import browse

    client.force_login(journalist)
    encoded = browse.encode_cursor(json.loads(cursor)) if cursor.startswith("[") else cursor
    for sort in ("quotes", "recent", "name"):
        assert client.get("/speakers/", {"cursor": encoded, "sort": sort}).status_code < 500


@pytest.mark.parametrize("url", ["/api/quotes/", "/api/speakers/", "/api/outlets/", "/api/search/?q=line",
                                 "/api/outlets/{outlet}/printings/", "/api/outlets/{outlet}/articles/"])
@pytest.mark.parametrize("cursor", ["cD1hYmM=", "cD0tMQ==", "!!!", '["abc"]', "[1, 2, 3]", "[null]", '["1e999", "x"]'])
def test_malformed_api_cursor_is_a_400_with_a_message(journalist_api, quote, url, cursor):
    from quotes import browse

    if cursor.startswith("["):
        cursor = browse.encode_cursor(json.loads(cursor))
    url = url.format(outlet=quote.appearances.get().article.outlet.slug)
    path, _, query = url.partition("?")
    response = journalist_api.get(path, {"cursor": cursor, **dict([query.split("=")] if query else [])})
    assert response.status_code == 400, (url, cursor, response.status_code)
    assert "cursor" in json.dumps(response.json())


def _nested(depth):
    return "[" * depth + "]" * depth


def test_deeply_nested_json_is_a_400_without_logging_in(quote):
    response = APIClient().post("/api/token/", _nested(5000), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_deeply_nested_json_is_a_400_for_editors(editor_api, quote):
    body = '{"target": 1, "sources": ' + _nested(5000) + "}"
    for url in ["/api/quotes/merge/", "/api/articles/"]:
        response = editor_api.post(url, body, content_type="application/json")
        assert response.status_code in (400, 403), url
        response.json()


def test_nul_byte_after_the_first_8_kb_of_an_upload_is_refused(client, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"\xe2\x80\x9cWe will win,\xe2\x80\x9d said Ana Ruiz. " * 400 + b"tail\x00end"
    assert len(data) > 8192
    client.force_login(admin_user)
    page = client.post("/articles/upload/", {"files": [SimpleUploadedFile("late-nul.txt", data)], "new_outlet": "X"})
    assert page.status_code == 400 and b"late-nul.txt" in page.content
    api = APIClient()
    api.force_authenticate(admin_user)
    response = api.post("/api/articles/", {"files": [SimpleUploadedFile("late-nul.txt", data)], "new_outlet": "X"})
    assert response.status_code == 400
    assert any("late-nul.txt" in e for e in response.json()["errors"])


def test_requeue_with_a_unicode_digit_batch_is_not_a_server_error(client, admin_user, enqueued_nothing):
    from tests.factories import ArticleFactory

    client.force_login(admin_user)
    article = ArticleFactory()
    response = client.post(f"/articles/{article.id}/requeue/", {"batch": "²", "ids": "²"})
    assert response.status_code == 302


@pytest.fixture
def enqueued_nothing(monkeypatch):
    monkeypatch.setattr("articles.services.article_enqueue", lambda article_id: True)
