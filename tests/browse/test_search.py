"""Search: stemming, phrases, typos and fragments, filters, safe highlighting."""
import pytest

from quotes.browse import QuoteFilters
from quotes.search import search_ranked
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def hit_ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [h.quote.id for h in response.context["hits"]]


def test_stemming_finds_other_forms(journalist_client, newsroom):
    assert newsroom["war"].id in hit_ids(journalist_client, "/search/?q=ending")
    assert newsroom["hear"].id in hit_ids(journalist_client, "/search/?q=end")


def test_who_carried_a_phrase(journalist_client, newsroom):
    ids = hit_ids(journalist_client, "/search/?q=%22this+war+must+and+will+end+soon%22")
    assert ids == [newsroom["war"].id]


def test_typo_and_fragment_find_the_quote(journalist_client, newsroom):
    assert newsroom["minsk"].id in hit_ids(journalist_client, "/search/?q=Minks+3.0")
    response = journalist_client.get("/search/?q=Minks+3.0")
    assert any(h.fuzzy for h in response.context["hits"])
    assert "close match" in response.content.decode()


def test_filters_combine_with_search(journalist_client, newsroom):
    assert hit_ids(journalist_client, "/search/?q=we&speaker=john-healey&kind=indirect") == [newsroom["hear"].id]
    assert hit_ids(journalist_client, "/search/?q=war&outlet=kyiv") == [newsroom["war"].id]
    assert hit_ids(journalist_client, "/search/?q=war&since=2025-03-01") == []
    assert hit_ids(journalist_client, "/search/?q=war&speaker=no-such-person") == []


def test_matched_words_are_marked_and_everything_else_escaped(journalist_client, newsroom):
    evil = QuoteFactory(speaker=newsroom["trump"], text='<script>alert("x")</script> the war is over & done')
    AppearanceFactory(quote=evil)
    quotes_refresh_stats(quote_ids={evil.id})
    page = journalist_client.get("/search/?q=war").content.decode()
    assert "<mark>war</mark>" in page
    assert '<script>alert("x")' not in page and "&lt;script&gt;" in page
    page = journalist_client.get("/search/?q=%3Cscript%3E").content.decode()
    assert "<script>alert" not in page


def test_only_a_bounded_candidate_set_is_ranked(newsroom, settings, monkeypatch):
    import quotes.search as search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "FUZZY_BELOW", 0)
    for i in range(5):
        AppearanceFactory(quote=QuoteFactory(text=f"the war goes on {i}"))
    assert len(search_ranked(q="war", filters=QuoteFilters())) == 2


def test_search_pages_through_the_ranked_set(journalist_client, newsroom):
    for i in range(5):
        AppearanceFactory(quote=QuoteFactory(text=f"the war goes on {i}"))
    first = journalist_client.get("/search/?q=war&size=4")
    assert len(first.context["hits"]) == 4 and first.context["next_url"]
    second = journalist_client.get("/search/" + first.context["next_url"])
    ids = [h.quote.id for h in first.context["hits"]] + [h.quote.id for h in second.context["hits"]]
    assert len(ids) == len(set(ids)) == 6


def exported_ids(client, url):
    response = client.get(url + "&export=json")
    assert response.status_code == 200
    import json

    return [row["id"] for row in json.loads(b"".join(response.streaming_content))]


def test_export_holds_the_close_matches_the_page_shows(journalist_client, newsroom):
    page = hit_ids(journalist_client, "/search/?q=Minks+3.0")
    assert newsroom["minsk"].id in page
    assert exported_ids(journalist_client, "/search/?q=Minks+3.0") == page


def test_export_of_a_broad_term_is_not_cut_at_the_ranked_bound(journalist_client, newsroom, monkeypatch):
    import quotes.search as search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "FUZZY_BELOW", 2)
    for i in range(5):
        AppearanceFactory(quote=QuoteFactory(text=f"the war goes on {i}"))
    assert len(hit_ids(journalist_client, "/search/?q=war&size=50")) == 2
    assert len(exported_ids(journalist_client, "/search/?q=war")) == 6
