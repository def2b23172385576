"""The synthetic corpus the benchmarks build loads into the current schema
(every NOT NULL column without a database default is written) and gives
search its vocabulary."""
import pytest
from django.core.management import call_command

from quotes.models import Quote, Word
from quotes.search import read_query

pytestmark = pytest.mark.django_db


def test_a_small_corpus_loads_and_search_can_correct_its_words():
    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    assert Quote.objects.count() > 20
    assert Word.objects.filter(word="negotiations").exists()
    assert ("negotiatoins", "negotiations") in read_query("negotiatoins").corrections


def test_a_rebuilt_corpus_is_what_the_front_page_lists():
    """The bulk load bypasses quotes_refresh_derived; it still tells the
    front page's kept lists (services/front_page.py) that they are out of date."""
    from quotes import home
    from quotes.services.front_page import front_page_lists

    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    w = home.window("7d")
    before = [q.id for q, _ in front_page_lists(window=w)[0]]
    # The same corpus again: the same dates and window, under new ids.
    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    assert home.window("7d") == w
    kept = [(q.id, n) for q, n in front_page_lists(window=w)[0]]
    assert kept == [(q.id, n) for q, n in home.most_carried(w)]
    assert kept and not set(before) & {q for q, _ in kept}
