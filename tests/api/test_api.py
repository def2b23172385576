"""The JSON API: token auth, read endpoints with filters and cursor
pagination, and the editors' merge / split / reattribute / hide / undo."""
import datetime

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from quotes.models import Edit, Quote
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username):
    response = api.post("/api/token/", {"username": username, "password": "pw-for-tests"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def authed(username, api=None):
    api = api or APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(APIClient(), username)}")
    return api


@pytest.fixture
def corpus():
    hegseth = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    other = SpeakerFactory(name="Sean Parnell", slug="sean-parnell")
    bbc, cnn = OutletFactory(name="BBC", slug="bbc"), OutletFactory(name="CNN", slug="cnn")
    old = QuoteFactory(speaker=hegseth, text="It is ahistorical and false", kind="direct")
    new = QuoteFactory(speaker=hegseth, text="ahistorical", kind="partial")
    theirs = QuoteFactory(speaker=other, text="We stand by it")
    AppearanceFactory(quote=old, article=ArticleFactory(outlet=bbc, published=datetime.date(2025, 1, 5)))
    AppearanceFactory(quote=old, article=ArticleFactory(outlet=cnn, published=datetime.date(2025, 1, 6)))
    AppearanceFactory(quote=new, article=ArticleFactory(outlet=cnn, published=datetime.date(2025, 3, 1)))
    AppearanceFactory(quote=theirs, article=ArticleFactory(outlet=bbc, published=datetime.date(2025, 3, 2)))
    quotes_refresh_stats(quote_ids={old.id, new.id, theirs.id})
    return {"hegseth": hegseth, "old": old, "new": new, "theirs": theirs}


def ids(response):
    assert response.status_code == 200, response.content
    return [q["id"] for q in response.json()["results"]]


def test_token_login(api, journalist):
    assert api.post("/api/token/", {"username": "journalist", "password": "wrong"}, format="json").status_code == 400
    token = token_for(api, "journalist")
    assert token_for(api, "journalist") == token, "the same token each time"
    assert api.get("/api/speakers/").status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/speakers/").status_code == 200


def test_quote_filters(journalist, corpus):
    api = authed("journalist")
    h = corpus["hegseth"]
    assert ids(api.get("/api/quotes/", {"speaker": h.slug})) == [corpus["new"].id, corpus["old"].id]
    assert ids(api.get("/api/quotes/", {"speaker": h.id})) == [corpus["new"].id, corpus["old"].id]
    assert ids(api.get("/api/quotes/", {"speaker": h.slug, "kind": "partial"})) == [corpus["new"].id]
    assert ids(api.get("/api/quotes/", {"since": "2025-02-01"})) == [corpus["theirs"].id, corpus["new"].id]
    assert ids(api.get("/api/quotes/", {"outlet": "bbc"})) == [corpus["theirs"].id, corpus["old"].id]
    unknown = api.get("/api/quotes/", {"speaker": "nobody-by-that-name"})
    assert unknown.status_code == 400 and unknown.json()["detail"] == ["No such speaker."]
    assert api.get("/api/quotes/", {"since": "last week"}).status_code == 400
    assert api.get("/api/quotes/", {"kind": "rumour"}).status_code == 400


def test_quote_detail_includes_appearances(journalist, corpus):
    api = authed("journalist")
    body = api.get(f"/api/quotes/{corpus['old'].id}/").json()
    assert body["speaker"]["slug"] == "pete-hegseth" and body["outlet_count"] == 2
    assert [a["outlet"] for a in body["appearances"]] == ["BBC", "CNN"]
    assert set(body["appearances"][0]) >= {"article", "text", "start", "end", "spans", "published"}


def test_cursor_pagination_is_stable(journalist, settings):
    speaker = SpeakerFactory()
    made = [QuoteFactory(speaker=speaker) for _ in range(7)]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 3}
    api = authed("journalist")
    seen, url = [], "/api/quotes/"
    while url:
        body = api.get(url).json()
        seen += [q["id"] for q in body["results"]]
        url = body["next"]
        if len(seen) == 3:
            QuoteFactory(speaker=speaker)  # a new quote arriving mid-walk does not shift the pages
    assert seen == sorted((q.id for q in made), reverse=True)


def test_speakers_list(journalist, corpus):
    body = authed("journalist").get("/api/speakers/").json()
    assert [s["slug"] for s in body["results"]] == ["pete-hegseth", "sean-parnell"]


def test_merge_split_undo_as_editor(editor, corpus):
    api = authed("editor")
    old, new = corpus["old"], corpus["new"]
    response = api.post("/api/quotes/merge/", {"target": old.id, "sources": [new.id]}, format="json")
    assert response.status_code == 200, response.content
    merged = response.json()
    assert merged["id"] == old.id and merged["appearance_count"] == 3 and len(merged["appearances"]) == 3
    assert Edit.objects.get(id=merged["edit_id"]).user == editor
    assert Quote.objects.get(id=new.id).merged_into_id == old.id

    again = api.post("/api/quotes/merge/", {"target": corpus["theirs"].id, "sources": [new.id]}, format="json")
    assert again.status_code == 409 and "merged into" in again.json()["detail"]

    moving = [merged["appearances"][-1]["id"]]
    response = api.post(f"/api/quotes/{old.id}/split/", {"appearances": moving}, format="json")
    assert response.status_code == 201, response.content
    split = response.json()
    assert split["id"] not in (old.id, new.id) and [a["id"] for a in split["appearances"]] == moving

    assert api.post(f"/api/edits/{merged['edit_id']}/undo/").status_code == 409, "the split came later"
    assert api.post(f"/api/edits/{split['edit_id']}/undo/").status_code == 200
    response = api.post(f"/api/edits/{merged['edit_id']}/undo/")
    assert response.status_code == 200 and response.json()["undone_by"] == "editor"
    assert not Quote.objects.get(id=new.id).hidden
    assert api.get(f"/api/quotes/{new.id}/").json()["appearance_count"] == 1


def test_reattribute_and_undo_as_editor(editor, corpus):
    api = authed("editor")
    old, other = corpus["old"], corpus["theirs"].speaker
    response = api.post(
        f"/api/quotes/{old.id}/reattribute/", {"speaker": other.slug, "alias": "the spokesman"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == old.id and body["speaker"]["slug"] == "sean-parnell" and body["editor_locked"]
    assert other.aliases.filter(alias="the spokesman").exists()
    assert api.post(f"/api/edits/{body['edit_id']}/undo/").status_code == 200
    assert Quote.objects.get(id=old.id).speaker == corpus["hegseth"]
    assert not other.aliases.filter(alias="the spokesman").exists()


def test_reattribute_to_a_new_speaker(editor, corpus):
    api = authed("editor")
    old = corpus["old"]
    url = f"/api/quotes/{old.id}/reattribute/"
    response = api.post(url, {"new_speaker": "Nadia Verhoeven"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["speaker"]["name"] == "Nadia Verhoeven"
    both = api.post(url, {"speaker": "pete-hegseth", "new_speaker": "Someone Else"}, format="json")
    assert both.status_code == 400
    again = api.post(url, {"new_speaker": "nadia verhoeven"}, format="json")
    assert again.status_code == 400 and "already a speaker" in again.json()["detail"]


def test_reattribute_one_printing_makes_a_quote_of_its_own(editor, corpus):
    api = authed("editor")
    old = corpus["old"]
    printing = old.appearances.order_by("id").last()
    response = api.post(
        f"/api/quotes/{old.id}/reattribute/", {"speaker": corpus["theirs"].speaker_id, "appearance": printing.id},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] != old.id and [a["id"] for a in body["appearances"]] == [printing.id]
    assert Quote.objects.get(id=old.id).appearances.count() == 1


def test_hide_keeps_the_quote_for_the_audit_and_undoes(editor, corpus):
    api = authed("editor")
    old = corpus["old"]
    response = api.post(f"/api/quotes/{old.id}/hide/", format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["hidden"] and body["appearances"] == []
    assert old.id not in ids(api.get("/api/quotes/"))
    assert api.post(f"/api/quotes/{old.id}/hide/", format="json").status_code == 409, "already hidden"
    assert api.post(f"/api/edits/{body['edit_id']}/undo/").status_code == 200
    assert api.get(f"/api/quotes/{old.id}/").json()["appearance_count"] == 2


def test_hide_one_printing(editor, corpus):
    api = authed("editor")
    old = corpus["old"]
    printing = old.appearances.order_by("id").first()
    response = api.post(f"/api/quotes/{old.id}/hide/", {"appearance": printing.id}, format="json")
    assert response.status_code == 200, response.content
    assert [a["id"] for a in response.json()["appearances"]] != [printing.id]
    assert not old.appearances.filter(id=printing.id).exists()


def test_bad_reattribute_and_hide_requests(editor, corpus):
    api = authed("editor")
    old, new = corpus["old"], corpus["new"]
    url = f"/api/quotes/{old.id}/reattribute/"
    assert api.post(url, {"speaker": "nobody-by-that-name"}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 400
    assert api.post(url, {"speaker": "pete-hegseth"}, format="json").status_code == 400, "already theirs"
    foreign = new.appearances.first().id
    assert api.post(url, {"speaker": "sean-parnell", "appearance": foreign}, format="json").status_code == 400
    assert api.post(f"/api/quotes/{old.id}/hide/", {"appearance": foreign}, format="json").status_code == 400
    assert api.post("/api/quotes/999999/hide/", format="json").status_code == 404
    assert not Edit.objects.exists()


def test_bad_editor_requests(editor, corpus):
    api = authed("editor")
    old = corpus["old"]
    before = sorted(Quote.objects.values_list("id", "text", "hidden", "merged_into_id", "appearance_count"))
    all_of_them = [a.id for a in old.appearances.all()]
    for url, data, status, says in [
        ("/api/quotes/merge/", {"target": old.id, "sources": [999999]}, 400, "unknown quote"),
        ("/api/quotes/merge/", {"target": old.id, "sources": [old.id]}, 400, "other quote"),
        ("/api/quotes/merge/", {"target": 999999, "sources": [old.id]}, 404, "no quote"),
        (f"/api/quotes/{old.id}/split/", {"appearances": all_of_them}, 400, "at least one printing"),
        (f"/api/quotes/{old.id}/split/", {"appearances": []}, 400, "appearances"),
    ]:
        response = api.post(url, data, format="json")
        # The answer says what is wrong, and nothing was changed.
        assert response.status_code == status, (url, data, response.content)
        assert says in str(response.json()).lower(), (url, data, response.json())
    assert sorted(Quote.objects.values_list("id", "text", "hidden", "merged_into_id", "appearance_count")) == before
    assert sorted(old.appearances.values_list("id", flat=True)) == sorted(all_of_them)
    assert not Edit.objects.exists()


def test_journalist_cannot_edit(journalist, corpus):
    api = authed("journalist")
    old, new = corpus["old"], corpus["new"]
    assert api.post("/api/quotes/merge/", {"target": old.id, "sources": [new.id]}, format="json").status_code == 403
    assert api.post(f"/api/quotes/{old.id}/split/", {"appearances": [1]}, format="json").status_code == 403
    assert api.post(f"/api/quotes/{old.id}/reattribute/", {"speaker": "sean-parnell"}, format="json").status_code == 403
    assert api.post(f"/api/quotes/{old.id}/hide/", format="json").status_code == 403
    assert not Edit.objects.exists()


def test_session_auth_needs_csrf_for_writes(editor, corpus):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(editor)
    old, new = corpus["old"], corpus["new"]
    assert api.get("/api/quotes/").status_code == 200
    assert api.post("/api/quotes/merge/", {"target": old.id, "sources": [new.id]}, format="json").status_code == 403
    assert not Edit.objects.exists()


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/token/", "/api/speakers/", "/api/quotes/", "/api/quotes/{id}/", "/api/quotes/merge/",
                 "/api/quotes/{id}/split/", "/api/edits/{id}/undo/"):
        assert f"  {path}:" in text, path
    assert "edit_id" in text
