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
from tests.fragment_pairs import pair_problems

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


def test_outlets_past_the_palette_share_one_bar_a_day(db):
    speaker = SpeakerFactory(name="Ines Marr", slug="ines-marr")
    quote = QuoteFactory(speaker=speaker, text="The harbour reopens in May.")
    outlets = [OutletFactory(name=f"Outlet {i:02d}", slug=f"outlet-{i:02d}") for i in range(9)]
    for outlet in outlets:
        printed(quote, outlet)
    quotes_refresh_stats(quote_ids={quote.id})

    chart = speaker_activity(speaker=speaker)

    assert len(chart.bars) == 7  # six outlets in colour and one grey bar for the other three
    assert "other outlets: 3 statements on 12 Feb 2025" in {b.label for b in chart.bars}
    assert chart.legend[0][0] == "Outlet 00" and chart.legend[-1] == ("other outlets", "#8a949e", 3)
    assert chart.peak == 9


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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_page_tells_fragments_apart_as_the_recomputed_test_does(seed):
    """statements_page reads which quote lies inside which from the stored
    pairs (QuoteFragment); browse.statements_recomputed compares every row
    with the speaker's quotes in SQL, and tests.fragment_pairs recomputes the
    pairs in Python. Statements, pieces cut from them (some printed weeks
    later, some hidden, some of another kind), every sort and filter, page
    by page and back."""
    import random

    from quotes import browse
    from quotes.models import Quote

    rng = random.Random(seed)
    speaker, wire, post = SpeakerFactory(), OutletFactory(name="Wire"), OutletFactory(name="Post")
    words = "we will not accept any ceasefire that rewards the aggressor and leaves Ukraine exposed".split()
    made = []
    for i in range(40):
        start = rng.randrange(len(words) - 1)
        text = " ".join(words[start : start + rng.randint(1, 9)])
        if rng.random() < 0.3:
            text = f"{text.capitalize()}, {rng.choice(words)}."
        q = QuoteFactory(speaker=speaker, text=text, kind=rng.choice(["direct", "direct", "partial"]),
                         hidden=rng.random() < 0.1)
        day = DAY + datetime.timedelta(days=rng.choice([0, 3, 10, 20, 40]))
        printed(q, rng.choice([wire, post]), day)
        if rng.random() < 0.3:  # printed again later: first and last dates differ
            printed(q, rng.choice([wire, post]), day + datetime.timedelta(days=rng.choice([5, 30])))
        made.append(q.id)
    # Refreshed a few at a time, as articles come: a pair with a quote
    # refreshed earlier is made from the later one's side.
    rng.shuffle(made)
    for i in range(0, len(made), 7):
        quotes_refresh_stats(quote_ids=set(made[i : i + 7]))
    assert not (problems := pair_problems()), problems
    attached = left_out = 0
    for params in ({}, {"kind": "partial"}, {"outlet": post.slug}, {"since": "2025-02-20"}):
        filters, _ = browse.parse_filters(params, speaker=speaker)
        for sort in ("date", "reach"):
            order = browse.QUOTE_SORTS[sort]
            expected = list(browse.statements_recomputed(filters).order_by(*order).values_list("id", flat=True))
            shown, cursor, pages = [], "", []
            while True:
                page = browse.statements_page(filters=filters, sort=sort, cursor=cursor, size=4)
                shown += [q.id for q in page.items]
                pages.append(page)
                if not page.next_cursor:
                    break
                cursor = page.next_cursor
            assert shown == expected, (params, sort)
            left_out += browse.quotes_filtered(filters).count() - len(expected)
            if len(pages) > 1:
                back = browse.statements_page(filters=filters, sort=sort, cursor=pages[-1].previous_cursor, size=4)
                assert [q.id for q in back.items] == [q.id for q in pages[-2].items]
            for page in pages:
                ids = [q.id for q in page.items]
                visible = filters.apply(Quote.objects.visible()).exclude(id__in=ids)
                inside = visible.filter(browse._inside(Quote.objects.filter(id__in=ids)))
                for statement in page.items:
                    want = [f.id for f in inside.order_by("first_published", "id")
                            if f.plain in statement.plain and len(f.plain) < len(statement.plain)]
                    assert [f.id for f in statement.fragments] == want, (params, sort)
                    attached += len(want)
    assert attached and left_out, "the corpus has fragments to tell apart"
