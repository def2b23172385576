"""The speaker page leads with statements: a fragment whose words lie
inside a longer statement by the same speaker is shown under it, with its
printings, not as a row of its own; and an activity chart of statements per
day by outlet."""
import datetime
import re

import pytest

from quotes.activity import speaker_activity
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 2, 12)


def printed(quote, outlet, day=DAY):
    return AppearanceFactory(quote=quote, article=ArticleFactory(outlet=outlet, published=day), text=quote.text,
                             kind=quote.kind)


@pytest.fixture
def statements(db):
    hegseth = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    other = SpeakerFactory(name="Kaja Kallas", slug="kaja-kallas")
    wire, post = OutletFactory(name="Wire", slug="wire"), OutletFactory(name="Post", slug="post")
    full = QuoteFactory(speaker=hegseth, text="Returning to Ukraine's pre-2014 borders is an unrealistic objective.")
    part = QuoteFactory(speaker=hegseth, text="an Unrealistic objective,", kind="partial")
    cut = QuoteFactory(speaker=hegseth, text="unreal", kind="partial")  # part of a word: not inside
    theirs = QuoteFactory(speaker=other, text="pre-2014 borders", kind="partial")  # another speaker's
    alone = QuoteFactory(speaker=hegseth, text="Europe must step up.")
    printed(full, wire)
    printed(part, post, DAY + datetime.timedelta(days=1))
    printed(cut, post)
    printed(theirs, post)
    printed(alone, wire, DAY + datetime.timedelta(days=1))
    quotes_refresh_stats(quote_ids={q.id for q in (full, part, cut, theirs, alone)})
    return {"hegseth": hegseth, "full": full, "part": part, "cut": cut, "theirs": theirs, "alone": alone,
            "wire": wire, "post": post}


def rows(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="statement" id="statement-(\d+)"', page)]


def test_fragments_inside_a_longer_statement_are_printings_of_it(journalist_client, statements):
    page = journalist_client.get("/speakers/pete-hegseth/").content.decode()
    assert set(rows(page)) == {statements["full"].id, statements["cut"].id, statements["alone"].id}
    block = page[page.index(f'id="statement-{statements["full"].id}"'):]
    block = block[: block.index("</ol>") if "</ol>" in block else None].split('<li class="statement"')[0]
    assert "an Unrealistic objective," in block and "Post" in block, "the fragment and its outlet under the statement"


def test_a_filter_that_hides_the_statement_shows_the_fragment_as_a_row(journalist_client, statements):
    page = journalist_client.get("/speakers/pete-hegseth/?outlet=post").content.decode()
    assert statements["part"].id in rows(page), "its statement was not carried by Post, so the fragment stands alone"


def test_the_page_query_count_does_not_grow_with_statements(journalist_client, statements, django_assert_max_num_queries):
    with django_assert_max_num_queries(14) as few:
        journalist_client.get("/speakers/pete-hegseth/")
    for i in range(8):
        q = QuoteFactory(speaker=statements["hegseth"], text=f"Statement {i} about the talks in Riyadh.")
        frag = QuoteFactory(speaker=statements["hegseth"], text=f"Statement {i} about", kind="partial")
        printed(q, statements["wire"])
        printed(frag, statements["post"])
        quotes_refresh_stats(quote_ids={q.id, frag.id})
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = journalist_client.get("/speakers/pete-hegseth/").content.decode()
    assert page.count('class="fragment"') >= 9


def test_activity_counts_statements_per_day_by_outlet(statements):
    chart = speaker_activity(speaker=statements["hegseth"])
    by = {b.label for b in chart.bars}
    assert by == {
        "Wire: 1 statement on 12 Feb 2025", "Post: 1 statement on 12 Feb 2025",
        "Post: 1 statement on 13 Feb 2025", "Wire: 1 statement on 13 Feb 2025",
    }
    assert chart.peak == 2 and (chart.first, chart.last) == (DAY, DAY + datetime.timedelta(days=1))
    assert {name for name, _, _ in chart.legend} == {"Wire", "Post"}
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= chart.width and 0 <= bar.y and bar.y + bar.height <= chart.height


def test_the_chart_is_an_inline_svg_with_a_text_summary(journalist_client, statements):
    page = journalist_client.get("/speakers/pete-hegseth/").content.decode()
    figure = re.search(r'<figure class="activity".*?</figure>', page, re.S).group(0)
    assert figure.count("<rect") >= 4 and "<script" not in figure
    assert 'aria-label="Statements per day from 12 Feb 2025 to 13 Feb 2025' in figure


def test_no_chart_without_dated_statements(journalist_client, db):
    speaker = SpeakerFactory(name="Ann Lee", slug="ann-lee")
    q = QuoteFactory(speaker=speaker, text="Nothing dated.")
    AppearanceFactory(quote=q, article=ArticleFactory(published=None))
    quotes_refresh_stats(quote_ids={q.id})
    assert speaker_activity(speaker=speaker).empty
    assert 'class="activity"' not in journalist_client.get("/speakers/ann-lee/").content.decode()


def test_a_fragment_printed_long_after_its_statement_stays_a_row(journalist_client, statements):
    """Fragments are looked for within the story's weeks (browse.FRAGMENT_WINDOW), so the page's cost
    follows the speaker's quotes around each row, not all of them."""
    late = QuoteFactory(speaker=statements["hegseth"], text="pre-2014 borders", kind="partial")
    printed(late, statements["post"], DAY + datetime.timedelta(days=90))
    quotes_refresh_stats(quote_ids={late.id})
    assert late.id in rows(journalist_client.get("/speakers/pete-hegseth/").content.decode())
