"""API errors are JSON with a `detail`, whatever raised them: DRF, the URL
resolver, Django's own checks or a crash."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(journalist):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=journalist).key}")
    return client


def _json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert response.json()["detail"]


def test_unknown_api_paths_are_json_404s(api):
    _json_error(api.get("/api/no-such-thing/"), 404)
    _json_error(api.get("/api/quotes/abc/"), 404)
    _json_error(api.get("/api/quotes/999999/"), 404)


def test_wrong_method_and_permission_are_json(api, client, nobody):
    _json_error(api.delete("/api/quotes/"), 405)
    _json_error(api.post("/api/quotes/merge/", {"target": 1, "sources": [2]}, format="json"), 403)
    client.force_login(nobody)
    _json_error(client.get("/api/speakers/"), 403)


def test_a_crash_under_api_is_a_json_500(api, monkeypatch):
    from quotes.api import views

    def boom(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.SpeakerList, "get_queryset", boom)
    api.raise_request_exception = False
    _json_error(api.get("/api/speakers/"), 500)


def test_djangos_own_400_is_json_under_api(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    _json_error(api.get("/api/speakers/?" + "&".join(f"f{i}=1" for i in range(10))), 400)


def test_pages_keep_html_errors(client, journalist):
    client.force_login(journalist)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method,url", [("get", "/api/speakers/"), ("get", "/api/quotes/1/"),
                                        ("post", "/api/quotes/merge/"), ("post", "/api/articles/"),
                                        ("get", "/api/schema/")])
def test_unauthenticated_api_calls_are_401_with_a_challenge(method, url):
    response = getattr(APIClient(), method)(url, HTTP_ACCEPT="application/json")
    _json_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_401(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    _json_error(api.get("/api/speakers/"), 401)
