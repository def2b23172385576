import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Outlet, UploadBatch
from tests.factories import AppearanceFactory, ArticleFactory

from .conftest import fixture_bytes

pytestmark = pytest.mark.django_db
URL = "/api/articles/"
TEXT = "“We are ready,” said the mayor on Monday, in front of the town hall."


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def test_multipart_upload_answers_202_with_id_and_status(api, enqueued):
    response = api.post(URL, {"files": [SimpleUploadedFile("news.html", fixture_bytes("news_article.html"))]})
    assert response.status_code == 202
    article = Article.objects.get()
    assert response.json()["id"] == article.id and response.json()["status"] == "queued"
    assert response.json()["outcome"] == "created" and enqueued == [article.id]


def test_json_upload_with_the_same_fields(api):
    response = api.post(
        URL,
        {"text": TEXT, "new_outlet": "Town Crier", "url": "https://crier.example/a", "published": "2025-05-01",
         "title": "Ready"},
        format="json",
    )
    assert response.status_code == 202, response.json()
    article = Article.objects.get(id=response.json()["id"])
    assert (article.text, article.outlet.name, article.url, str(article.published), article.title) == (
        TEXT, "Town Crier", "https://crier.example/a", "2025-05-01", "Ready"
    )


def test_json_files_are_parsed_by_their_name(api):
    html = fixture_bytes("news_article.html").decode()
    response = api.post(URL, {"files": [{"name": "a.html", "content": html}, {"name": "b.txt", "content": TEXT}]},
                        format="json")
    assert response.status_code == 202
    assert [a["name"] for a in response.json()["articles"]] == ["a.html", "b.txt"]
    assert Article.objects.get(source_name="a.html").outlet.name == "The Coastal Ledger"


def test_duplicate_answers_200_with_the_existing_id(api):
    first = api.post(URL, {"text": TEXT}, format="json").json()
    response = api.post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == first["id"] and response.json()["outcome"] == "duplicate"
    assert response.json()["batch"] is None
    assert (Article.objects.count(), UploadBatch.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    "payload, fmt, message",
    [
        ({"files": [SimpleUploadedFile("x.png", fixture_bytes("image.png"))]}, "multipart", "x.png: the file is a PNG image"),
        ({"files": [SimpleUploadedFile("t.zip", fixture_bytes("traversal.zip"))]}, "multipart", "has an unsafe path"),
        ({"text": "   "}, "json", "Nothing to upload"),
        ({"text": TEXT, "url": "not a url"}, "json", "url: Enter a valid URL."),
        ({"text": TEXT, "published": "yesterday"}, "json", "published: Date has wrong format"),
    ],
)
def test_refused_upload_answers_400_with_errors_and_stores_nothing(api, payload, fmt, message):
    response = api.post(URL, payload, format=fmt)
    assert response.status_code == 400
    assert any(message in e for e in response.json()["errors"]), response.json()
    assert (Article.objects.count(), Outlet.objects.count(), UploadBatch.objects.count()) == (0, 0, 0)


def test_status_endpoint(api):
    article = ArticleFactory(status="done")
    AppearanceFactory(article=article, start=0)
    AppearanceFactory(article=article, start=40)
    failed = ArticleFactory(status="failed", error="ValueError: boom")
    body = api.get(f"{URL}{article.id}/").json()
    assert (body["id"], body["status"], body["error"], body["quote_count"]) == (article.id, "done", "", 2)
    body = api.get(f"{URL}{failed.id}/").json()
    assert (body["status"], body["error"], body["quote_count"]) == ("failed", "ValueError: boom", 0)
    assert api.get(f"{URL}999999/").status_code == 404


def test_token_auth(admin_user, enqueued):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_user).key}")
    response = client.post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 202, response.content
    # The token's user uploaded it: the article is stored, queued and sent.
    body = response.json()
    article = Article.objects.get(id=body["id"])
    assert (article.text, article.status, body["status"], body["outcome"]) == (TEXT, "queued", "queued", "created")
    assert UploadBatch.objects.get(id=body["batch"]).created_by == admin_user
    assert enqueued == [article.id]


def test_anonymous_is_refused():
    client = APIClient()
    assert client.post(URL, {"text": TEXT}, format="json").status_code in (401, 403)
    assert client.get(f"{URL}{ArticleFactory().id}/").status_code in (401, 403)
    assert Article.objects.count() == 1


@pytest.mark.parametrize("role", ["journalist", "editor", "nobody"])
def test_roles_without_add_article_get_403(request, role):
    client = APIClient()
    client.force_authenticate(request.getfixturevalue(role))
    assert client.post(URL, {"text": TEXT}, format="json").status_code == 403
    assert Article.objects.count() == 0


def test_journalist_may_read_status(journalist):
    client = APIClient()
    client.force_authenticate(journalist)
    assert client.get(f"{URL}{ArticleFactory().id}/").status_code == 200


def test_schema_lists_the_endpoints(api):
    schema = api.get("/api/schema/").content.decode()
    assert "/api/articles/" in schema and "/api/articles/{article_id}/" in schema


@pytest.mark.parametrize("key", ["id", "slug", "name", "NAME"])
def test_outlet_is_named_by_id_slug_or_name_like_ingest(api, key):
    outlet = Outlet.objects.create(name="Town Crier", slug="town-crier")
    value = {"id": outlet.id, "slug": "town-crier", "name": "Town Crier", "NAME": "town crier"}[key]
    response = api.post(URL, {"text": TEXT, "outlet": value}, format="json")
    assert response.status_code == 202, response.json()
    assert Article.objects.get(id=response.json()["id"]).outlet == outlet
    assert Outlet.objects.count() == 1


def test_a_new_outlet_name_is_created_like_ingest_and_an_unknown_id_is_refused(api):
    response = api.post(URL, {"text": TEXT, "outlet": "Harbour Gazette"}, format="json")
    assert response.status_code == 202, response.json()
    assert Article.objects.get(id=response.json()["id"]).outlet.name == "Harbour Gazette"
    response = api.post(URL, {"text": TEXT + " Again.", "outlet": 999999}, format="json")
    assert response.status_code == 400 and "outlet" in " ".join(response.json()["errors"])
