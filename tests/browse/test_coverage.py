"""Who quotes whom (/who-quotes-whom/): outlets × speakers, counted,
shaded and linked to the quotes each cell counts; its query count does not
grow with the corpus."""
import re

import pytest

from quotes.coverage import SHADES, outlet_speaker_coverage, shade
from quotes.services.stats import quotes_refresh_stats
from tests.browse.conftest import many_quotes
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

URL = "/who-quotes-whom/"


def _cells(body):
    """{(speaker slug, outlet slug): (count, shade)} from the page's links."""
    found = {}
    cell = r'<td class="num heat-(\d)"><a href="/speakers/([\w-]+)/\?outlet=([\w-]+)"[^>]*>(\d+)</a>'
    for m in re.finditer(cell, body):
        found[(m[2], m[3])] = (int(m[4]), int(m[1]))
    return found


def test_counts_statements_per_outlet_and_speaker(journalist_client, newsroom):
    body = journalist_client.get(URL).content.decode()
    # Healey on BBC is the busiest cell (2 statements); one of 2 is shade 3 of 5.
    assert _cells(body) == {
        ("donald-trump", "cnn"): (1, 3), ("donald-trump", "bbc"): (1, 3),
        ("donald-trump", "kyiv"): (1, 3),  # the partial printing counts for its statement
        ("pete-hegseth", "kyiv"): (1, 3),
        ("john-healey", "bbc"): (2, SHADES), ("john-healey", "cnn"): (1, 3),
    }


def test_cells_are_shaded_by_count_and_link_to_the_filtered_quotes(journalist_client, newsroom):
    many_quotes(newsroom["healey"], newsroom["bbc"], 8)  # Healey on BBC: 10 statements
    # A statement printed twice by one outlet counts once there.
    twice = QuoteFactory(speaker=newsroom["hegseth"], text="We are not going anywhere at all.")
    for _ in range(2):
        AppearanceFactory(quote=twice, article=ArticleFactory(outlet=newsroom["kyiv"]))
    quotes_refresh_stats(quote_ids={twice.id})
    cells = _cells(journalist_client.get(URL).content.decode())
    assert cells[("john-healey", "bbc")] == (10, SHADES)
    assert cells[("john-healey", "cnn")] == (1, 1)
    assert cells[("pete-hegseth", "kyiv")] == (2, 1)
    assert ("pete-hegseth", "bbc") not in cells  # none: no link, no shade
    # The link shows exactly the quotes the cell counted.
    page = journalist_client.get("/speakers/john-healey/?outlet=cnn")
    assert page.status_code == 200
    assert [q.id for q in page.context["quotes"]] == [newsroom["hear"].id]


def test_hidden_quotes_are_not_counted(journalist_client, newsroom):
    newsroom["minsk"].hidden = True
    newsroom["minsk"].save()
    quotes_refresh_stats(quote_ids={newsroom["minsk"].id})
    assert ("pete-hegseth", "kyiv") not in _cells(journalist_client.get(URL).content.decode())


def test_the_table_is_bounded(newsroom):
    extra = OutletFactory(name="Zeta Wire", slug="zeta")
    many_quotes(SpeakerFactory(name="Solo Speaker", slug="solo"), extra, 1)
    cov = outlet_speaker_coverage(max_speakers=2, max_outlets=2)
    assert cov.more_speakers and cov.more_outlets
    assert len(cov.rows) <= 2 and [o.slug for o in cov.outlets] == ["bbc", "cnn"]
    assert all(len(r.cells) == 2 for r in cov.rows)


@pytest.mark.parametrize(
    ("count", "busiest", "expected"), [(0, 5, 0), (1, 100, 1), (50, 100, 3), (1, 2, 3), (100, 100, SHADES), (3, 0, 0)]
)
def test_shade(count, busiest, expected):
    assert shade(count, busiest) == expected


def test_query_count_does_not_grow(journalist_client, newsroom, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        small_body = journalist_client.get(URL).content.decode()
    for i in range(25):
        outlet = OutletFactory(name=f"Outlet {i}")
        many_quotes(SpeakerFactory(name=f"Speaker {i}"), outlet, 2)
        many_quotes(newsroom["healey"], outlet, 1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        big_body = journalist_client.get(URL).content.decode()
    assert big_body.count("<tr") > small_body.count("<tr") and big_body.count("<th scope=\"col\"") > 4


def test_permissions(client, nobody):
    assert client.get(URL).status_code == 302
    client.force_login(nobody)
    assert client.get(URL).status_code == 403
