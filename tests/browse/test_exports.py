"""What exports and the API say about each printing: its outlet, article
URL, published date and offsets, the speaker's source kind, and the `kind`
filter (direct, partial, indirect) across pages, exports and the API."""
import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import Speaker
from tests.browse.conftest import many_quotes

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code == 200, response
    return json.loads(b"".join(response.streaming_content))


def _printing(appearance) -> dict:
    article = appearance.article
    return {
        "outlet": article.outlet.name, "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "article_title": article.title, "start": appearance.start, "end": appearance.end,
        "spans": appearance.spans, "kind": appearance.kind,
    }


@pytest.fixture
def urls(newsroom):
    for i, a in enumerate(newsroom["war"].appearances.select_related("article").order_by("id")):
        a.article.url = f"https://example.org/war-{i}"
        a.article.save(update_fields=["url"])
    Speaker.objects.filter(id=newsroom["trump"].id).update(source_kind=Speaker.SourceKind.PERSON)
    Speaker.objects.filter(id=newsroom["healey"].id).update(source_kind=Speaker.SourceKind.ORGANISATION)
    return newsroom


def test_a_quote_export_carries_each_printing(journalist_client, urls):
    war = urls["war"]
    rows = _json(journalist_client.get("/speakers/donald-trump/?export=json"))
    row = next(r for r in rows if r["id"] == war.id)
    expected = [_printing(a) for a in war.appearances.select_related("article__outlet").order_by("article__published")]
    assert row["printings"] == expected
    assert [p["outlet"] for p in row["printings"]] == ["CNN", "BBC", "Kyiv Post"]
    assert row["printings"][0]["url"] == "https://example.org/war-0" and row["printings"][0]["published"] == "2025-02-10"
    assert row["speaker_source_kind"] == "person"


def test_the_csv_export_holds_the_printings_as_json(journalist_client, urls):
    response = journalist_client.get("/search/?q=war&export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == str(urls["war"].id))
    assert [p["outlet"] for p in json.loads(row["printings"])] == ["CNN", "BBC", "Kyiv Post"]
    assert row["speaker_source_kind"] == "person"


def test_kind_filters_exports_with_the_speakers_source_kind_shown(journalist_client, urls):
    rows = _json(journalist_client.get("/speakers/john-healey/?kind=indirect&export=json"))
    assert [r["id"] for r in rows] == [urls["hear"].id]
    assert rows[0]["kind"] == "indirect" and rows[0]["speaker_source_kind"] == "organisation"
    printed = _json(journalist_client.get("/outlets/bbc/?kind=indirect&export=json"))
    assert [(p["quote_id"], p["kind"], p["outlet"], p["speaker_source_kind"]) for p in printed] == [
        (urls["hear"].id, "indirect", "BBC", "organisation")
    ]
    appearance = urls["hear"].appearances.get(article__outlet=urls["bbc"])
    assert (printed[0]["start"], printed[0]["end"], printed[0]["spans"]) == (
        appearance.start, appearance.end, appearance.spans
    )
    assert printed[0]["published"] == "2025-03-03"


def test_a_quote_exports_queries_do_not_grow_with_its_rows(journalist_client, newsroom, django_assert_max_num_queries):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 5)
    with CaptureQueriesContext(connection) as small:
        assert len(_json(journalist_client.get("/speakers/pete-hegseth/?export=json"))) == 6
    many_quotes(newsroom["hegseth"], newsroom["cnn"], 30)
    with django_assert_max_num_queries(len(small)):
        assert len(_json(journalist_client.get("/speakers/pete-hegseth/?export=json"))) == 36


def test_api_printings_carry_outlet_url_date_and_offsets(journalist_client, urls):
    rows = journalist_client.get("/api/outlets/cnn/printings/?kind=direct").json()["results"]
    war = urls["war"].appearances.select_related("article").get(article__outlet=urls["cnn"])
    assert [r["id"] for r in rows] == [war.id]
    assert {k: rows[0][k] for k in ("outlet", "outlet_slug", "url", "published", "start", "end", "spans")} == {
        "outlet": "CNN", "outlet_slug": "cnn", "url": war.article.url, "published": "2025-02-10",
        "start": war.start, "end": war.end, "spans": war.spans,
    }
    assert rows[0]["quote"]["speaker"]["source_kind"] == "person"
    article = journalist_client.get(f"/api/articles/{war.article_id}/quotes/").json()
    assert article["printings"][0]["outlet"] == "CNN" and article["printings"][0]["url"] == war.article.url


def test_api_quote_list_kind_filter_shows_source_kind(journalist_client, urls):
    rows = journalist_client.get("/api/quotes/?kind=indirect").json()["results"]
    assert [(r["id"], r["kind"], r["speaker"]["source_kind"]) for r in rows] == [
        (urls["hear"].id, "indirect", "organisation")
    ]
    detail = journalist_client.get(f"/api/quotes/{urls['war'].id}/").json()
    assert [(a["outlet"], a["url"], a["published"]) for a in detail["appearances"]][0] == (
        "CNN", "https://example.org/war-0", "2025-02-10"
    )


def test_export_quotes_command_carries_url_date_and_kind_filter(urls):
    out = StringIO()
    call_command("export_quotes", "--format", "json", "--kind", "direct", stdout=out)
    exported = json.loads(out.getvalue())
    assert {q["kind"] for q in exported} == {"direct"} and urls["hear"].id not in {q["id"] for q in exported}
    war = next(q for q in exported if q["id"] == urls["war"].id)
    assert war["speaker_source_kind"] == "person"
    assert sorted((a["outlet"], a["url"], a["published"]) for a in war["appearances"]) == [
        ("BBC", "https://example.org/war-1", "2025-02-11"),
        ("CNN", "https://example.org/war-0", "2025-02-10"),
        ("Kyiv Post", "https://example.org/war-2", "2025-02-12"),
    ]
