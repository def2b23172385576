"""Browse pages: the speaker directory, speaker page filters and sorts,
outlet pages, the article page, keyset pagination and exports."""
import csv
import io
import json

import pytest

from quotes.models import Speaker
from quotes.services.directory import speakers_refresh_stats
from tests.browse.conftest import many_quotes
from tests.factories import OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def body(response):
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def test_directory_counts_come_from_the_refreshed_fields(newsroom):
    healey = Speaker.objects.get(slug="john-healey")
    assert (healey.quote_count, healey.outlet_count, str(healey.last_quoted)) == (2, 2, "2025-03-03")
    trump = Speaker.objects.get(slug="donald-trump")
    assert (trump.quote_count, trump.outlet_count) == (1, 3)


def test_directory_lists_searches_names_and_aliases(journalist_client, newsroom):
    page = body(journalist_client.get("/speakers/"))
    assert "John Healey" in page and "Donald Trump" in page
    assert "Healey" in body(journalist_client.get("/speakers/?q=heal"))
    found = body(journalist_client.get("/speakers/?q=defence+secretary"))
    assert "John Healey" in found and "Donald Trump" not in found


def test_speaker_without_quotes_is_not_listed(journalist_client, newsroom):
    SpeakerFactory(name="Nobody Quoted")
    speakers_refresh_stats(speaker_ids=None)
    assert "Nobody Quoted" not in body(journalist_client.get("/speakers/"))


def test_directory_pages_by_keyset_without_gaps(journalist_client, newsroom):
    outlet = OutletFactory()
    for i in range(7):
        many_quotes(SpeakerFactory(name=f"Extra {i}"), outlet, i % 3 + 1)
    seen, url = [], "/speakers/?size=3&sort=quotes"
    while url:
        response = journalist_client.get(url)
        seen += [s.slug for s in response.context["speakers"]]
        url = response.context["next_url"] and "/speakers/" + response.context["next_url"]
    assert len(seen) == len(set(seen)) == Speaker.objects.filter(quote_count__gt=0).count() == 10


def test_speaker_page_filters_and_sorts(journalist_client, newsroom):
    url = "/speakers/john-healey/"
    assert "stepping up" in body(journalist_client.get(url)) and "ending the delays" in body(journalist_client.get(url))
    assert "stepping up" not in body(journalist_client.get(url + "?kind=indirect"))
    assert "ending the delays" not in body(journalist_client.get(url + "?outlet=kyiv"))
    only_cnn = body(journalist_client.get(url + "?outlet=cnn"))
    assert "ending the delays" in only_cnn and "stepping up" not in only_cnn
    march = body(journalist_client.get(url + "?since=2025-03-01&until=2025-03-31"))
    assert "ending the delays" in march and "stepping up" not in march
    reach = journalist_client.get(url + "?sort=reach").context["quotes"]
    assert [q.id for q in reach] == [newsroom["hear"].id, newsroom["stepping"].id]
    bad = journalist_client.get(url + "?since=yesterday")
    assert "must be a date" in body(bad)


def test_speaker_page_keyset_pages_cover_every_quote_once(journalist_client, newsroom):
    quotes = many_quotes(newsroom["hegseth"], newsroom["bbc"], 12)
    for sort in ("date", "reach"):
        seen, url = [], f"/speakers/pete-hegseth/?size=5&sort={sort}"
        while url:
            response = journalist_client.get(url)
            seen += [q.id for q in response.context["quotes"]]
            url = response.context["next_url"] and "/speakers/pete-hegseth/" + response.context["next_url"]
        assert sorted(seen) == sorted([q.id for q in quotes] + [newsroom["minsk"].id]), sort


def test_a_bad_cursor_gives_the_first_page(journalist_client, newsroom):
    many_quotes(newsroom["hegseth"], newsroom["bbc"], 6)
    for url, rows, bad in [
        ("/speakers/?size=2", "speakers", "%%%not-base64"),
        ("/speakers/pete-hegseth/?size=2", "quotes", "WzEsMiwzXQ"),  # valid base64, not a cursor of ours
    ]:
        first = journalist_client.get(url)
        damaged = journalist_client.get(f"{url}&cursor={bad}")
        assert damaged.status_code == 200
        assert [r.pk for r in damaged.context[rows]] == [r.pk for r in first.context[rows]]
        assert len(first.context[rows]) == 2 and first.context["next_url"]
        assert damaged.context["next_url"] == first.context["next_url"]


def test_outlet_pages_show_what_it_carried_and_carried_first(journalist_client, newsroom):
    assert "Kyiv Post" in body(journalist_client.get("/outlets/"))
    everything = body(journalist_client.get("/outlets/bbc/"))
    assert "This war must and will end soon." in everything and "stepping up" in everything
    first = journalist_client.get("/outlets/bbc/?first=1")
    carried_first = {a.quote_id for a in first.context["printings"]}
    # CNN printed the war quote a day earlier, and the "hear you" one too.
    assert carried_first == {newsroom["stepping"].id}
    assert "carried first" in body(first)
    assert {a.quote_id for a in journalist_client.get("/outlets/cnn/?first=1").context["printings"]} == {
        newsroom["war"].id, newsroom["hear"].id
    }


def test_article_page_marks_every_quotation_with_its_speaker(journalist_client, newsroom):
    appearance = newsroom["minsk"].appearances.get()
    page = body(journalist_client.get(f"/articles/{appearance.article_id}/"))
    assert f'href="/quotes/{newsroom["minsk"].id}/"' in page
    assert "[Pete Hegseth]" in page and 'id="quotes-h"' in page


@pytest.mark.parametrize("url", ["/speakers/", "/speakers/john-healey/", "/outlets/", "/outlets/bbc/", "/search/?q=war"])
def test_exports_stream_csv_and_json(journalist_client, newsroom, url):
    sep = "&" if "?" in url else "?"
    response = journalist_client.get(f"{url}{sep}export=csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) >= 2
    response = journalist_client.get(f"{url}{sep}export=json")
    data = json.loads(b"".join(response.streaming_content))
    assert isinstance(data, list) and data and set(rows[0]) == set(data[0])


def test_export_keeps_the_filters(journalist_client, newsroom):
    response = journalist_client.get("/speakers/john-healey/?kind=indirect&export=json")
    data = json.loads(b"".join(response.streaming_content))
    assert [q["id"] for q in data] == [newsroom["hear"].id]


def test_export_cells_cannot_run_as_spreadsheet_formulas(journalist_client, newsroom):
    from tests.factories import AppearanceFactory, QuoteFactory

    AppearanceFactory(quote=QuoteFactory(speaker=newsroom["healey"], text="=HYPERLINK(\"http://x\")"))
    from quotes.services.stats import quotes_refresh_stats

    quotes_refresh_stats(quote_ids=set(newsroom["healey"].quotes.values_list("id", flat=True)))
    response = journalist_client.get("/speakers/john-healey/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_pages_have_no_inline_script_or_style(journalist_client, newsroom):
    appearance = newsroom["war"].appearances.first()
    for url in ["/speakers/", "/speakers/donald-trump/", "/search/?q=war", "/outlets/", "/outlets/bbc/",
                f"/articles/{appearance.article_id}/"]:
        page = body(journalist_client.get(url))
        assert " style=" not in page and "<style" not in page, url
        assert "<script>" not in page and "onclick=" not in page, url
