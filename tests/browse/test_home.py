"""The front page: most carried in the window, rising speakers, newest
statements, latest articles; windows end at the newest publication date."""
from datetime import date, timedelta

import pytest

from quotes import home
from quotes.services.derived import quotes_refresh_derived
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
NEWEST = date(2025, 2, 14)


def _printing(quote, day, outlet=None):
    return AppearanceFactory(quote=quote, article=ArticleFactory(published=day, outlet=outlet or OutletFactory()))


def test_most_carried_counts_outlets_inside_the_window_only():
    lee, ames = SpeakerFactory(name="Ann Lee"), SpeakerFactory(name="Elena Ames")
    wide, narrow = QuoteFactory(speaker=lee, text="We will win"), QuoteFactory(speaker=ames, text="Not now")
    for k in range(3):
        _printing(wide, NEWEST - timedelta(days=k))
    _printing(narrow, NEWEST)
    for k in range(5):
        _printing(narrow, NEWEST - timedelta(days=20 + k))   # outside 7 days
    w = home.window("7d")
    assert (w.start, w.end) == (NEWEST - timedelta(days=6), NEWEST)
    assert [(q.text, n) for q, n in home.most_carried(w)] == [("We will win", 3), ("Not now", 1)]
    assert [(q.text, n) for q, n in home.most_carried(home.window("30d"))][0] == ("Not now", 6)


def test_rising_speakers_compare_with_the_window_before():
    lee, ames = SpeakerFactory(name="Ann Lee"), SpeakerFactory(name="Elena Ames")
    q_lee, q_ames = QuoteFactory(speaker=lee), QuoteFactory(speaker=ames)
    for k in range(3):
        _printing(q_lee, NEWEST - timedelta(days=k))
    for k in range(3):
        _printing(q_ames, NEWEST - timedelta(days=8 + k))   # last week, not this one
    _printing(q_ames, NEWEST)
    rising = home.rising_speakers(home.window("7d"))
    assert [(s.name, now, before) for s, now, before in rising] == [("Ann Lee", 3, 0), ("Elena Ames", 1, 3)]


def test_front_page_renders_every_section_with_links(client, journalist, django_assert_max_num_queries):
    speaker = SpeakerFactory(name="Ann Lee", slug="ann-lee")
    q = QuoteFactory(speaker=speaker, text="We will hold the line")
    a = _printing(q, NEWEST)
    client.force_login(journalist)
    with django_assert_max_num_queries(15):
        page = client.get("/").content.decode()
    assert f'href="/quotes/{q.id}/"' in page and 'href="/speakers/ann-lee/"' in page
    assert f'href="/articles/{a.article_id}/"' in page and "Most carried" in page and "Suddenly quoted" in page
    assert "?window=24h" in page and "?window=30d" in page


def test_empty_archive_says_so(client, journalist):
    client.force_login(journalist)
    assert "No articles yet." in client.get("/").content.decode()


def _carried(client):
    page = client.get("/").context
    return [(q.text, n) for q, n in page["carried"]], [(s.name, now) for s, now, _ in page["rising"]]


def test_front_page_lists_are_kept_until_derived_data_changes(client, journalist):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    q = QuoteFactory(speaker=SpeakerFactory(name="Ann Lee"), text="We will hold the line")
    _printing(q, NEWEST)
    client.force_login(journalist)
    assert _carried(client) == ([("We will hold the line", 1)], [("Ann Lee", 1)])
    with CaptureQueriesContext(connection) as ctx:
        assert _carried(client) == ([("We will hold the line", 1)], [("Ann Lee", 1)])
    assert not [x for x in ctx.captured_queries if "COUNT(" in x["sql"]], "the kept lists were not used"
    # Printings that no derived-data refresh saw are not counted yet; the
    # refresh every ingest and edit ends with brings them in.
    _printing(q, NEWEST)
    assert _carried(client) == ([("We will hold the line", 1)], [("Ann Lee", 1)])
    quotes_refresh_derived(quote_ids={q.id})
    assert _carried(client) == ([("We will hold the line", 2)], [("Ann Lee", 2)])


def test_front_page_lists_follow_an_edit_and_its_undo(client, journalist, editor):
    from quotes.editing import services

    lee = SpeakerFactory(name="Ann Lee")
    hold = QuoteFactory(speaker=lee, text="We will hold the line")
    win = QuoteFactory(speaker=lee, text="We will win")
    for k in range(2):
        _printing(hold, NEWEST - timedelta(days=k))
    _printing(win, NEWEST)
    quotes_refresh_derived(quote_ids={hold.id, win.id})
    client.force_login(journalist)
    assert _carried(client)[0] == [("We will hold the line", 2), ("We will win", 1)]
    edit = services.quote_hide(quote=hold, by=editor)
    assert _carried(client)[0] == [("We will win", 1)]
    services.edit_undo(edit=edit, by=editor)
    assert _carried(client)[0] == [("We will hold the line", 2), ("We will win", 1)]
