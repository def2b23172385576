"""The API root lists every endpoint; the docs page is Swagger UI from the
sidecar's local files, under the site's CSP as it is."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(journalist):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=journalist).key}")
    return client


def _api_routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _api_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("api/"):
            yield prefix + str(p.pattern)


def test_the_root_lists_every_endpoint(api):
    response = api.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    listed = response.json()
    paths = {v.removeprefix("http://testserver") for v in listed.values()}
    for route in _api_routes():
        if route == "api/":
            continue
        path = "/" + route
        for conv in ("<int:", "<str:", "<slug:"):
            path = path.replace(conv, "{")
        assert path.replace(">", "}") in paths, route
    # Endpoints without parameters are links one can follow.
    assert listed["speaker-list"] == "http://testserver/api/speakers/"
    assert api.get(listed["speaker-list"]).status_code == 200
    assert listed["quote-detail"] == "/api/quotes/{pk}/"
    assert listed["docs"] == "http://testserver/api/docs/"


def test_the_root_is_browsable(client, journalist):
    client.force_login(journalist)
    response = client.get("/api/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b"/api/speakers/" in response.content


def test_the_root_needs_credentials():
    response = APIClient().get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_docs_page_has_no_inline_script_or_style(client, journalist):
    client.force_login(journalist)
    html = client.get("/api/docs/").content.decode()
    assert "<style" not in html
    assert "<script>" not in html  # every script has a src
    assert "swagger-ui-bundle.js" in html and "?script=" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert "unsafe-inline" not in client.get("/api/docs/")["Content-Security-Policy"]


def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
