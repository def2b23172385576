"""The read API for browsing: a newsroom script's paginated loop, search,
outlets, speakers and articles, and the OpenAPI schema."""
import datetime

import pytest
from rest_framework.test import APIClient

from quotes import browse
from tests.browse.conftest import many_quotes
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(journalist):
    client = APIClient()
    token = client.post("/api/token/", {"username": "journalist", "password": "pw-for-tests"}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    return client


def test_newsroom_script_pulls_all_quotes_by_speaker_since_a_date(api, newsroom):
    """What a newsroom script does: one loop over `next` links, with a token."""
    quotes = many_quotes(newsroom["hegseth"], newsroom["bbc"], 23, start=datetime.date(2025, 4, 1))
    since = datetime.date(2025, 4, 10)
    expected = {q.id for i, q in enumerate(quotes) if datetime.date(2025, 4, 1) + datetime.timedelta(days=i) >= since}

    pulled, url, requests = [], "/api/quotes/?speaker=pete-hegseth&since=2025-04-10&page_size=5", 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        pulled += page["results"]
        url = page["next"]
        requests += 1

    assert {q["id"] for q in pulled} == expected and len(pulled) == len(expected) == 14
    assert all(q["speaker"]["slug"] == "pete-hegseth" and q["last_published"] >= "2025-04-10" for q in pulled)
    assert requests >= 2, "the loop followed at least one next link"


def test_quote_list_until_filter(api, newsroom):
    ids = [q["id"] for q in api.get("/api/quotes/?speaker=john-healey&until=2025-02-28").json()["results"]]
    assert ids == [newsroom["stepping"].id]


def test_search_endpoint(api, newsroom):
    data = api.get("/api/search/?q=ending").json()
    assert newsroom["war"].id in [h["id"] for h in data["results"]]
    hit = next(h for h in data["results"] if h["id"] == newsroom["war"].id)
    assert "<mark>end</mark>" in hit["highlighted"] and hit["fuzzy"] is False
    assert [h["id"] for h in api.get("/api/search/?q=Minks+3.0").json()["results"]] == [newsroom["minsk"].id]
    assert api.get("/api/search/?q=war&speaker=john-healey").json()["results"] == []
    assert api.get("/api/search/").status_code == 400
    assert api.get("/api/search/?q=war&outlet=nowhere").status_code == 400


def test_search_endpoint_pages(api, newsroom):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 7)
    seen, url = [], "/api/search/?q=ceasefire&page_size=3"
    while url:
        data = api.get(url).json()
        seen += [h["id"] for h in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == 7


def test_speaker_detail_and_directory_fields(api, newsroom):
    data = api.get("/api/speakers/john-healey/").json()
    assert (data["quote_count"], data["outlet_count"], data["last_quoted"]) == (2, 2, "2025-03-03")
    assert api.get(f"/api/speakers/{newsroom['healey'].id}/").json()["slug"] == "john-healey"
    assert [s["slug"] for s in api.get("/api/speakers/?q=defence").json()["results"]] == ["john-healey"]
    assert api.get("/api/speakers/nobody-here/").status_code == 404


def test_outlets_printings_and_articles(api, newsroom):
    outlets = api.get("/api/outlets/").json()["results"]
    assert [o["slug"] for o in outlets] == ["bbc", "cnn", "kyiv"]
    assert api.get("/api/outlets/bbc/").json()["latest_article"] == "2025-03-03"
    first = api.get("/api/outlets/cnn/printings/?first=1").json()["results"]
    assert {p["quote"]["id"] for p in first} == {newsroom["war"].id, newsroom["hear"].id}
    assert all(p["carried_first"] for p in first)
    every, url = [], "/api/outlets/bbc/printings/?page_size=1"
    while url:
        data = api.get(url).json()
        every += data["results"]
        url = data["next"]
    assert len(every) == 3
    articles = api.get("/api/outlets/bbc/articles/").json()["results"]
    assert [a["published"] for a in articles] == ["2025-03-03", "2025-02-14", "2025-02-11"]


def test_article_quotes(api, newsroom):
    appearance = newsroom["minsk"].appearances.get()
    data = api.get(f"/api/articles/{appearance.article_id}/quotes/").json()
    assert [p["quote"]["speaker"]["slug"] for p in data["printings"]] == ["pete-hegseth"]
    assert data["outlet_slug"] == "kyiv"


def test_schema_documents_the_browse_endpoints(api, newsroom):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in ["/api/search/", "/api/outlets/", "/api/outlets/{key}/printings/", "/api/speakers/{key}/",
                 "/api/articles/{id}/quotes/", "/api/quotes/"]:
        assert path in paths, path
    assert any(p["name"] == "until" for p in paths["/api/quotes/"]["get"]["parameters"])


def _walk(api, url, link):
    """Every page from `url` on, following `link` ("next" or "previous")."""
    pages = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        url = body[link]
    return pages, body


@pytest.mark.parametrize(
    "url",
    [
        "/api/quotes/?page_size=3",
        "/api/quotes/?speaker=pete-hegseth&page_size=4",
        "/api/speakers/?page_size=1",
        "/api/outlets/bbc/printings/?page_size=3",
        "/api/search/?q=ceasefire&page_size=3",
    ],
)
def test_previous_links_walk_back_over_the_same_pages(api, newsroom, url):
    """Keyset cursors both ways: from the last page, `previous` links give
    back exactly the pages `next` gave, in reverse; null at either end."""
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 8)
    # A printing with no date: the null end of a nullable sort column.
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 1)[0].appearances.update(article=ArticleFactory(
        outlet=newsroom["bbc"], published=None))
    first = api.get(url).json()
    assert first["previous"] is None
    forward, last = _walk(api, url, "next")
    assert len(forward) >= 3 and all(forward)
    backward, start = _walk(api, last["previous"], "previous")
    assert backward == forward[-2::-1]
    assert start["previous"] is None and start["next"] == first["next"]


def test_a_previous_cursor_is_checked_like_a_next_one(api, newsroom):
    forged = browse.encode_cursor(["not an id"], before=True)
    response = api.get(f"/api/quotes/?cursor={forged}")
    assert response.status_code == 400 and "cursor" in response.json()["detail"]
