"""List pages link to the previous page: following "next" to the end and
then "previous" back shows the same pages in reverse, whatever the sort
(ties and empty dates included), and the first page has no such link."""
import datetime
import html
import re

import pytest

from quotes.services.stats import quotes_refresh_stats
from tests.browse.conftest import many_quotes
from tests.factories import AppearanceFactory, ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _link(body, rel):
    m = re.search(rf'<a href="([^"]+)" rel="{rel}"', body)
    return html.unescape(m[1]) if m else None


def _rows(body):
    listing = body.split('<nav class="pager"')[0].split("<main", 1)[1]
    return re.findall(r'href="(/(?:speakers|quotes)/[\w-]+/)"', listing)


def _walk(client, path, url):
    pages, bodies = [], []
    while url:
        body = client.get(path + url if url.startswith("?") else url).content.decode()
        pages.append(_rows(body))
        bodies.append(body)
        url = _link(body, "next")
    return pages, bodies


@pytest.mark.parametrize("url", ["/speakers/?size=3", "/speakers/?size=3&sort=name", "/speakers/?size=4&sort=recent",
                                 "/speakers/pete-hegseth/?size=3", "/outlets/bbc/?size=3"])
def test_previous_walks_back_over_the_same_pages(journalist_client, newsroom, url):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 8)
    for i in range(9):  # equal counts: ties broken by id
        many_quotes(SpeakerFactory(name=f"Speaker {i}"), newsroom["bbc"], 1)
    undated = QuoteFactory(speaker=newsroom["hegseth"], text="A statement printed without a date on it")
    AppearanceFactory(quote=undated, article=ArticleFactory(outlet=newsroom["bbc"], published=None))
    quotes_refresh_stats(quote_ids={undated.id})
    path = url.split("?")[0]
    pages, bodies = _walk(journalist_client, path, url)
    assert len(pages) >= 3 and all(pages), pages
    assert _link(bodies[0], "prev") is None
    body, back = bodies[-1], []
    while (prev := _link(body, "prev")) is not None:
        body = journalist_client.get(path + prev if prev.startswith("?") else prev).content.decode()
        back.append(_rows(body))
    assert back == pages[-2::-1]
    # Walking back stops on the first page: reached by a "before" cursor
    # (the API's keyset scheme), it knows there is nothing before it.
    assert back[-1] == pages[0]


def test_search_has_a_previous_page(journalist_client, newsroom):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 7)
    body = journalist_client.get("/search/?q=ceasefire&size=3&offset=6").content.decode()
    assert _link(body, "prev") == "?q=ceasefire&size=3&offset=3"
    body = journalist_client.get("/search/?q=ceasefire&size=3&offset=3").content.decode()
    assert _link(body, "prev") == "?q=ceasefire&size=3"
    assert _link(journalist_client.get("/search/?q=ceasefire&size=3").content.decode(), "prev") is None
