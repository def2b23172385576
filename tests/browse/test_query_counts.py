"""A list page's query count does not grow with its rows (keyset pages,
select_related, denormalised counts)."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.browse.conftest import many_quotes
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/speakers/?size={n}",
    "/speakers/pete-hegseth/?size={n}",
    "/speakers/pete-hegseth/?size={n}&sort=reach&outlet=bbc&kind=direct&since=2024-01-01",
    "/search/?q=ceasefire&size={n}",
    "/outlets/",
    "/outlets/bbc/?size={n}",
    "/outlets/bbc/?size={n}&first=1",
    "/api/quotes/?speaker=pete-hegseth&since=2024-01-01",
    "/api/search/?q=ceasefire&page_size={n}",
    "/api/outlets/bbc/printings/?page_size={n}",
    "/api/outlets/bbc/articles/?page_size={n}",
    "/api/speakers/?q=speaker",
]


def _count(client, url):
    return len(_get(client, url)[1])


def _get(client, url):
    """(body, queries) of a page read in full."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, body[:300])
    return body.decode(), ctx.captured_queries


def _rows(body):
    """How many rows a page lists: JSON results, or HTML list items and table rows."""
    if body.startswith("{"):
        return len(json.loads(body)["results"])
    return body.count("<li") + body.count("<tr")


@pytest.mark.parametrize("url", PAGES)
def test_query_count_is_constant(journalist_client, newsroom, url, django_assert_max_num_queries):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 3)
    for i in range(3):
        many_quotes(SpeakerFactory(name=f"Speaker extra {i}"), newsroom["bbc"], 1)
    small_body, small = _get(journalist_client, url.format(n=2))
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 40)
    for i in range(30):
        many_quotes(SpeakerFactory(name=f"Speaker more {i}"), newsroom["bbc"], 1)
    with django_assert_max_num_queries(len(small)):
        big_body, _ = _get(journalist_client, url.format(n=60))
    # The count stayed flat while the page grew: the rows are there.
    if url != "/outlets/":  # one row per outlet, and no outlet was added
        assert _rows(big_body) > _rows(small_body), url


def test_article_page_query_count_is_constant(journalist_client, newsroom, django_assert_max_num_queries):
    from tests.factories import AppearanceFactory, ArticleFactory, QuoteFactory

    article = ArticleFactory(text="x" * 2000)
    for i in range(3):
        AppearanceFactory(article=article, start=i * 20, end=i * 20 + 10, quote=QuoteFactory(speaker=newsroom["healey"]))
    small = _count(journalist_client, f"/articles/{article.id}/")
    for i in range(3, 40):
        AppearanceFactory(article=article, start=i * 20, end=i * 20 + 10, quote=QuoteFactory(speaker=newsroom["healey"]))
    with django_assert_max_num_queries(small):
        body, _ = _get(journalist_client, f"/articles/{article.id}/")
    assert "40 quotations marked" in body and body.count('<mark class="quote"') == 40
