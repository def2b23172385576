"""Every GET page and API endpoint, found in the URLconf (so a new page is
covered without editing this file), with hostile query values: NUL bytes,
100 KB strings, forged cursors, negative and huge numbers, impossible dates,
unicode digits. Each must answer 2xx, 3xx or 4xx with a message (JSON under
/api/), never 500."""
import base64
import datetime
import json
import re

import pytest
from django.urls import URLResolver, get_resolver

from articles.models import UploadBatch, UploadItem, UploadOriginal
from quotes.models import Edit
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# Django's admin is Django's; everything else is ours.
SKIP_PREFIXES = ("admin/",)
# The schema is generated afresh per request (about 0.2 s) and reads no
# query parameter of ours: it gets the all-parameters requests only.
WHOLE_ONLY = {"api/schema/", "api/docs/"}


def _routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


ROUTES = sorted({r for r in _routes() if not r.startswith(SKIP_PREFIXES)})


def _b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


LONG = "x" * 100_000
ANY_VALUE = ["a\x00b", LONG, "²", "٣", "-1", "-99999999999999999999", "99999999999999999999", "1.5", "", " ", "∞"]
CURSORS = [
    _b64(["abc", 1]), _b64([None]), _b64([None, None, None]), _b64([1e308, "x"]), _b64({"a": 1}), _b64([[1], [2]]),
    _b64(["2025-13-45", 1]), _b64([2**70, 1]), _b64([True, False]), "cD1hYmM=", "cD0tMQ==", "!!!", "=" * 50,
    _b64("[" * 3000 + "]" * 3000),
]
DATES = ["2025-13-45", "0000-00-00", "+99999-01-01"]
PARAMS = {
    "q": [], "cursor": CURSORS, "size": [], "page_size": [], "offset": [], "speaker": [], "outlet": [],
    "kind": [], "since": DATES, "until": DATES, "from": DATES, "to": DATES, "sort": [], "first": [],
    "ids": ["1,²,3", ",,,", "1," * 2000], "export": ["csv", "json", "xml"], "exclude": [], "next": ["//evil.example/"],
}


@pytest.fixture
def world(admin_user):
    """One of everything, so that every path parameter names a real row."""
    speaker = SpeakerFactory(name="Ana Ruiz", slug="ana-ruiz")
    alias = speaker.aliases.create(alias="the minister", key="the minister")
    outlet = OutletFactory(name="Daily", slug="daily")
    article = ArticleFactory(outlet=outlet, published=datetime.date(2025, 2, 1))
    quote = QuoteFactory(speaker=speaker, text="We will hold the line")
    AppearanceFactory(quote=quote, article=article)
    quotes_refresh_stats(quote_ids={quote.id})
    edit = Edit.objects.create(action=Edit.Action.EDIT_ALIAS, user=admin_user, quote=quote, summary="alias")
    batch = UploadBatch.objects.create(created_by=admin_user)
    item = UploadItem.objects.create(batch=batch, article=article, name="a.txt", outcome=UploadItem.Outcome.CREATED)
    UploadOriginal.objects.create(item=item, data=b"x", size=1, sha256="0" * 64)
    # A path parameter gets the key of the collection named just before it.
    return {
        "speakers": speaker.slug, "outlets": outlet.slug, "quotes": quote.id, "articles": article.id,
        "edits": edit.id, "uploads": batch.id, "items": item.id, "aliases": alias.id,
    }


def _path(route: str, world: dict) -> str:
    def fill(match):
        collection = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        assert collection in world, f"{route}: give the `world` fixture a {collection!r} key for this new page"
        return str(world[collection])

    return "/" + re.sub(r"<(?:\w+:)?\w+>", fill, route)


def _check(response, url, params):
    what = (url, {k: v[:40] for k, v in params.items()}, response.status_code)
    assert response.status_code < 500, what
    if response.status_code >= 400 and response.status_code != 405:
        if url.startswith("/api/"):
            body = response.json()
            assert body.get("detail") or body.get("errors") or body, what
        else:
            assert response.content.strip(), what


@pytest.mark.parametrize("route", ROUTES)
def test_every_get_url_survives_hostile_query_values(client, admin_user, world, route):
    client.force_login(admin_user)
    url = _path(route, world)
    search = {"q": "line"} if route.endswith("search/") else {}
    requests = [{name: value for name in PARAMS} for value in ANY_VALUE]
    if route not in WHOLE_ONLY:
        # One parameter at a time too: with all of them hostile, the first one
        # a view refuses would hide how it reads the others.
        requests += [search | {name: value} for name in PARAMS for value in ["²", LONG[:5000]]]
        requests += [search | {name: value} for name, specific in PARAMS.items() for value in specific]
    for params in requests:
        _check(client.get(url, params), url, params)


@pytest.mark.parametrize("route", [r for r in ROUTES if "<" in r])
@pytest.mark.parametrize("key", ["²", "-1", "99999999999999999999", "0", LONG[:5000], "a b", "%2e%2e"])
def test_every_path_parameter_survives_hostile_keys(client, admin_user, world, route, key):
    client.force_login(admin_user)
    url = "/" + re.sub(r"<(?:\w+:)?\w+>", key, route)
    response = client.get(url)
    assert response.status_code < 500, (url[:80], response.status_code)


FORM_FIELDS = ["quotes", "canonical", "source", "target", "sources", "speaker", "new_speaker", "alias", "appearance",
               "appearances", "next", "batch", "ids", "outlet", "new_outlet", "url", "published", "title", "text"]


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.startswith("accounts/")])
def test_every_post_url_survives_hostile_form_values(client, admin_user, world, route, monkeypatch):
    monkeypatch.setattr("articles.services.article_enqueue", lambda article_id: True)
    client.force_login(admin_user)
    url = _path(route, world)
    for value in ANY_VALUE + ["1,²", "[1]", '{"a": 1}']:
        data = {name: value for name in FORM_FIELDS}
        response = client.post(url, data)
        assert response.status_code < 500, (url, value[:40], response.status_code)
