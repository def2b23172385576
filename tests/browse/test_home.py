"""The front page: most carried in the window, rising speakers, newest
statements, latest articles; windows end at the newest publication date."""
from datetime import date, timedelta

import pytest

from quotes import home
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
