"""Who gets what, for every URL: each URL pattern of the project × anonymous,
a logged-in user with no role, journalist, editor and admin.

EXPECTATIONS has one row per URL pattern, keyed by its full route as written
in the urls.py files (e.g. "quotes/<int:quote_id>/merge/"). The URL list is
read from the resolver, so a new view cannot skip the matrix:
test_every_url_pattern_has_a_row fails until its row is added.

Adding a row: the route, the method, a function building the URL (and the
POST data) from the `world` objects below, then the expected outcome for
each of the five users, in the order of ROLES. Outcomes: an HTTP status, or
LOGIN (a redirect to the login page, what anonymous users get from pages).
A 302 expects a redirect anywhere but the login page (a POST that worked).
"""
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from quotes.editing import services
from quotes.models import SpeakerAlias
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory, UserFactory

ROLES = ("anonymous", "nobody", "journalist", "editor", "admin")
LOGIN = "login"


@dataclass(frozen=True)
class Row:
    method: str  # "get" or "post"
    url: Callable[[SimpleNamespace], str]
    expect: tuple  # one outcome per role, in ROLES order
    data: Callable[[SimpleNamespace], dict] | None = None
    json: bool = False  # send `data` as JSON (API endpoints)


def page(url, *expect):
    return Row("get", url, expect)


def post(url, data, *expect):
    return Row("post", url, expect, data)


def api_get(url, *expect):
    return Row("get", url, expect, json=True)


def api_post(url, data, *expect):
    return Row("post", url, expect, data, json=True)


def _all(w):
    return {}


# Shorthands for the common rows: pages for readers (journalist and up),
# actions for editors (a POST that works redirects), the API (401 with a
# `WWW-Authenticate: Token` challenge to anonymous requests).
READERS = (LOGIN, 403, 200, 200, 200)
EDITORS = (LOGIN, 403, 403, 302, 302)
ADMINS = (LOGIN, 403, 403, 403, 200)
API_READERS = (401, 403, 200, 200, 200)

EXPECTATIONS: dict[str, Row] = {
    # --- project (claimtrack/urls.py) --------------------------------------------------------------
    "": page(lambda w: "/", *READERS),
    "accounts/login/": page(lambda w: "/accounts/login/", 200, 200, 200, 200, 200),
    "accounts/logout/": post(lambda w: "/accounts/logout/", _all, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "api/schema/": api_get(lambda w: "/api/schema/", 401, 200, 200, 200, 200),
    "api/docs/": page(lambda w: "/api/docs/", 401, 200, 200, 200, 200),
    "api/": api_get(lambda w: "/api/", 401, 200, 200, 200, 200),
    "favicon.ico": page(lambda w: "/favicon.ico", 200, 200, 200, 200, 200),
    # --- quotes: browsing (quotes/urls.py) ------------------------------------------------------
    "speakers/": page(lambda w: "/speakers/", *READERS),
    "speakers/<slug:slug>/": page(lambda w: f"/speakers/{w.speaker.slug}/", *READERS),
    "speaker-suggestions/": page(lambda w: "/speaker-suggestions/?q=heg", *READERS),
    "quotes/<int:quote_id>/": page(lambda w: f"/quotes/{w.a.id}/", *READERS),
    "edits/": page(lambda w: "/edits/", *READERS),
    # --- quotes: search and outlets (issue 7; quotes/urls.py) ---------------------------------
    "search/": page(lambda w: "/search/?q=ahistorical", *READERS),
    "outlets/": page(lambda w: "/outlets/", *READERS),
    "outlets/<slug:slug>/": page(lambda w: f"/outlets/{w.article.outlet.slug}/", *READERS),
    "who-quotes-whom/": page(lambda w: "/who-quotes-whom/", *READERS),
    # --- quotes: editing (quotes/urls.py -> quotes/editing/views.py) ---------------------------
    "speakers/<slug:slug>/merge-quotes/": post(
        lambda w: f"/speakers/{w.speaker.slug}/merge-quotes/", lambda w: {"quotes": [w.a.id, w.b.id]}, *EDITORS
    ),
    "speakers/<slug:slug>/merge/": post(
        lambda w: f"/speakers/{w.speaker.slug}/merge/", lambda w: {"speaker": w.other.slug}, *EDITORS
    ),
    "speakers/<slug:slug>/aliases/": post(
        lambda w: f"/speakers/{w.speaker.slug}/aliases/", lambda w: {"alias": "the secretary"}, *EDITORS
    ),
    "speakers/<slug:slug>/profile/": post(
        lambda w: f"/speakers/{w.speaker.slug}/profile/", lambda w: {"role": "Defense Secretary"}, *EDITORS
    ),
    "speakers/<slug:slug>/aliases/<int:alias_id>/delete/": post(
        lambda w: f"/speakers/{w.speaker.slug}/aliases/{w.alias.id}/delete/", _all, *EDITORS
    ),
    "quotes/<int:quote_id>/merge/": post(lambda w: f"/quotes/{w.a.id}/merge/", lambda w: {"source": w.b.id}, *EDITORS),
    "quotes/<int:quote_id>/split/": post(
        lambda w: f"/quotes/{w.a.id}/split/", lambda w: {"appearances": [w.a_second.id]}, *EDITORS
    ),
    "quotes/<int:quote_id>/reattribute/": post(
        lambda w: f"/quotes/{w.a.id}/reattribute/", lambda w: {"speaker": w.other.slug}, *EDITORS
    ),
    "quotes/<int:quote_id>/hide/": post(lambda w: f"/quotes/{w.a.id}/hide/", _all, *EDITORS),
    "edits/<int:edit_id>/undo/": post(lambda w: f"/edits/{w.edit.id}/undo/", _all, *EDITORS),
    "review/": page(lambda w: "/review/", LOGIN, 403, 403, 200, 200),
    "misquotes/": page(lambda w: "/misquotes/", LOGIN, 403, 403, 200, 200),
    "quotes/<int:quote_id>/confirm/": post(lambda w: f"/quotes/{w.b.id}/confirm/", _all, *EDITORS),
    # --- quotes API (quotes/api/urls.py) --------------------------------------------------------
    # The token endpoint is open: it checks the credentials itself (none sent here).
    "api/token/": api_post(lambda w: "/api/token/", _all, 400, 400, 400, 400, 400),
    "api/speakers/": api_get(lambda w: "/api/speakers/", *API_READERS),
    "api/quotes/": api_get(lambda w: f"/api/quotes/?speaker={w.speaker.slug}", *API_READERS),
    "api/quotes/<int:pk>/": api_get(lambda w: f"/api/quotes/{w.a.id}/", *API_READERS),
    "api/speakers/<str:key>/": api_get(lambda w: f"/api/speakers/{w.speaker.slug}/", *API_READERS),
    "api/search/": api_get(lambda w: "/api/search/?q=false", *API_READERS),
    "api/outlets/": api_get(lambda w: "/api/outlets/", *API_READERS),
    "api/outlets/<str:key>/": api_get(lambda w: f"/api/outlets/{w.article.outlet.slug}/", *API_READERS),
    "api/outlets/<str:key>/printings/": api_get(
        lambda w: f"/api/outlets/{w.article.outlet.slug}/printings/?first=1", *API_READERS
    ),
    "api/outlets/<str:key>/articles/": api_get(lambda w: f"/api/outlets/{w.article.outlet.slug}/articles/", *API_READERS),
    "api/articles/<int:pk>/quotes/": api_get(lambda w: f"/api/articles/{w.article.id}/quotes/", *API_READERS),
    "api/quotes/merge/": api_post(
        lambda w: "/api/quotes/merge/", lambda w: {"target": w.a.id, "sources": [w.b.id]}, 401, 403, 403, 200, 200
    ),
    "api/quotes/<int:pk>/split/": api_post(
        lambda w: f"/api/quotes/{w.a.id}/split/", lambda w: {"appearances": [w.a_second.id]}, 401, 403, 403, 201, 201
    ),
    "api/quotes/<int:pk>/reattribute/": api_post(
        lambda w: f"/api/quotes/{w.a.id}/reattribute/", lambda w: {"speaker": w.other.slug}, 401, 403, 403, 200, 200
    ),
    "api/quotes/<int:pk>/hide/": api_post(lambda w: f"/api/quotes/{w.b.id}/hide/", _all, 401, 403, 403, 200, 200),
    "api/quotes/<int:pk>/confirm/": api_post(lambda w: f"/api/quotes/{w.b.id}/confirm/", _all, 401, 403, 403, 200, 200),
    "api/edits/<int:pk>/undo/": api_post(lambda w: f"/api/edits/{w.edit.id}/undo/", _all, 401, 403, 403, 200, 200),
    # --- articles (articles/urls.py, articles/api/urls.py) ------------------------------------
    "articles/<int:article_id>/": page(lambda w: f"/articles/{w.article.id}/", *READERS),
    "articles/upload/": page(lambda w: "/articles/upload/", *ADMINS),
    "articles/uploads/<int:batch_id>/": page(lambda w: f"/articles/uploads/{w.batch.id}/", *ADMINS),
    "articles/uploads/items/<int:item_id>/original/": page(
        lambda w: f"/articles/uploads/items/{w.original.item_id}/original/", *ADMINS
    ),
    "articles/status/": page(lambda w: f"/articles/status/?ids={w.article.id}", *ADMINS),
    # A missing article: the permission is checked first, and nothing is sent to the real broker.
    "articles/<int:article_id>/requeue/": post(
        lambda w: "/articles/999999/requeue/", _all, LOGIN, 403, 403, 403, 404
    ),
    # An empty upload: refused (400) once the user may upload; nothing is stored.
    "api/articles/": api_post(lambda w: "/api/articles/", _all, 401, 403, 403, 403, 400),
    "api/articles/<int:article_id>/": api_get(lambda w: f"/api/articles/{w.article.id}/", *API_READERS),
}

# Whole URL trees checked through representative URLs.
PREFIXES: dict[str, list[Row]] = {
    # The Django admin: staff only (admins), with its own login page.
    "admin/": [
        page(lambda w: "/admin/", 302, 302, 302, 302, 200),
        page(lambda w: "/admin/auth/user/", 302, 302, 302, 302, 200),
        page(lambda w: "/admin/articles/outlet/", 302, 302, 302, 302, 200),
    ],
}


def _routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _prefix_of(route):
    return next((p for p in PREFIXES if route.startswith(p)), None)


def test_every_url_pattern_has_a_row():
    routes = set(_routes())
    missing = sorted(r for r in routes if r not in EXPECTATIONS and not _prefix_of(r))
    assert not missing, f"add these URL patterns to EXPECTATIONS in {__file__}: {missing}"
    stale = sorted(set(EXPECTATIONS) - routes)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_every_row_has_an_outcome_per_role():
    for route, row in EXPECTATIONS.items():
        assert len(row.expect) == len(ROLES), route


@pytest.fixture
def world(roles):
    speaker = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    other = SpeakerFactory(name="Sean Parnell", slug="sean-parnell")
    a = QuoteFactory(speaker=speaker, text="The report is ahistorical and false")
    b = QuoteFactory(speaker=speaker, text="The report is false")
    first = AppearanceFactory(quote=a)
    second = AppearanceFactory(quote=a)
    AppearanceFactory(quote=b)
    c, d = QuoteFactory(speaker=other), QuoteFactory(speaker=other)
    AppearanceFactory(quote=c), AppearanceFactory(quote=d)
    quotes_refresh_stats(quote_ids={a.id, b.id, c.id, d.id})
    edit = services.quote_merge(target=c, sources=[d], by=UserFactory(username="earlier-editor"))
    from articles.models import UploadBatch, UploadItem, UploadOriginal

    batch = UploadBatch.objects.create()

    return SimpleNamespace(
        speaker=speaker,
        other=other,
        a=a,
        b=b,
        a_second=second,
        article=first.article,
        alias=SpeakerAlias.objects.create(speaker=speaker, alias="Hegseth", key="hegseth"),
        edit=edit,
        batch=batch,
        original=UploadOriginal.objects.create(
            item=UploadItem.objects.create(batch=batch, article=first.article, name="a.txt", outcome="created"),
            data=b"text", size=4, sha256="0" * 64,
        ),
    )


def _cases():
    for route, row in EXPECTATIONS.items():
        yield from ((route, row, i) for i in range(len(ROLES)))
    for prefix, rows in PREFIXES.items():
        for n, row in enumerate(rows):
            yield from ((f"{prefix}#{n}", row, i) for i in range(len(ROLES)))


@pytest.mark.parametrize(
    ("route", "row", "role"), [pytest.param(r, w, i, id=f"{r or '/'}-{ROLES[i]}") for r, w, i in _cases()]
)
def test_matrix(route, row, role, world, client, request):
    name = ROLES[role]
    if name != "anonymous":
        client.force_login(request.getfixturevalue({"admin": "admin_user"}.get(name, name)))
    url = row.url(world)
    kwargs = {}
    if row.method == "post":
        data = row.data(world) if row.data else {}
        kwargs = {"data": data, "content_type": "application/json"} if row.json else {"data": data}
    response = getattr(client, row.method)(url, **kwargs)
    expected = row.expect[role]
    login = resolve_url(settings.LOGIN_URL)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(login), (url, name, response.status_code)
    else:
        assert response.status_code == expected, (url, name, getattr(response, "content", b"")[:300])
        if expected == 302:
            assert not response["Location"].startswith(login), (url, name, "was sent to log in")
