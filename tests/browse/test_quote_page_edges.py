"""The quote page's rough edges (issue 15): split quotations read with an
ellipsis, the timeline's dots never overlap and its last date is not cut
off, and dates read the same everywhere."""
import datetime

import pytest

from quotes.selectors import TIMELINE_WIDTH, _DOT, printed_text, quote_page
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 13)


def _printing(quote, outlet, published, text=None):
    article = ArticleFactory(outlet=outlet, published=published)
    return AppearanceFactory(quote=quote, article=article, text=text or quote.text)


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("“We will not yield,” she said, “and we will not wait.”", "We will not yield … and we will not wait."),
        ("“We will not yield.” She paused. “We will not wait.”", "We will not yield. … We will not wait."),
        ("“We will not yield,” she said.", "We will not yield,"),  # one span: the words exactly as printed
    ],
)
def test_a_split_quotation_reads_with_an_ellipsis(article, expected):
    spans, pos = [], 0
    while (start := article.find("“", pos)) != -1:
        end = article.index("”", start)
        spans.append([start + 1, end])
        pos = end
    a = AppearanceFactory(article=ArticleFactory(text=article), spans=spans, start=spans[0][0], end=spans[-1][1],
                          text=" ".join(article[s:e] for s, e in spans))
    assert printed_text(a) == expected


def test_dots_of_one_outlet_on_one_day_do_not_overlap():
    quote = QuoteFactory()
    wire, courier = OutletFactory(name="Wire"), OutletFactory(name="Courier")
    for _ in range(3):
        _printing(quote, wire, DAY)
    _printing(quote, wire, DAY + datetime.timedelta(days=30))
    _printing(quote, courier, DAY + datetime.timedelta(days=30))
    page = quote_page(quote=quote)
    rows = {}
    for dot in page.timeline:
        rows.setdefault(dot.y, []).append(dot.x)
        assert 170 <= dot.x <= TIMELINE_WIDTH - 20
    wire_xs = sorted(rows[page.timeline_rows[0][1]])
    assert len(wire_xs) == 4 and all(b - a >= _DOT for a, b in zip(wire_xs, wire_xs[1:]))


def test_a_few_days_get_a_tick_a_day_and_the_last_label_ends_at_its_tick():
    quote = QuoteFactory()
    for i in range(3):
        _printing(quote, OutletFactory(), DAY + datetime.timedelta(days=i))
    axis = quote_page(quote=quote).timeline_axis
    assert [t.label for t in axis] == ["13 Feb 2025", "14 Feb", "15 Feb"]
    assert [t.anchor for t in axis] == ["start", "middle", "end"]
    assert axis[-1].x <= TIMELINE_WIDTH - 20  # the text ends here, inside the picture


def test_a_long_spread_gets_its_two_ends():
    quote = QuoteFactory()
    _printing(quote, OutletFactory(), DAY)
    _printing(quote, OutletFactory(), DAY + datetime.timedelta(days=40))
    assert [t.label for t in quote_page(quote=quote).timeline_axis] == ["13 Feb 2025", "25 Mar 2025"]


@pytest.mark.xfail(reason="Article.published is a date: there is no time of day to show hours from", strict=True)
def test_printings_within_a_day_show_hours():
    quote = QuoteFactory()
    _printing(quote, OutletFactory(), DAY)
    _printing(quote, OutletFactory(), DAY)
    assert any(":" in t.label for t in quote_page(quote=quote).timeline_axis)


def test_one_date_format_on_the_pages(client, journalist):
    quote = QuoteFactory()
    a = _printing(quote, OutletFactory(name="Wire"), DAY)
    client.force_login(journalist)
    body = client.get(f"/quotes/{quote.id}/").content.decode()
    assert body.count("13 Feb 2025") >= 3  # first carried, the timeline, the table
    assert "Feb. 13" not in body and "February" not in body
    assert "13 Feb 2025" in client.get(f"/articles/{a.article_id}/").content.decode()
