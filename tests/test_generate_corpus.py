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


def test_a_rebuilt_corpus_has_its_fragment_pairs():
    """The bulk load fills QuoteFragment with quotes_fill_fragments, as the
    migration that added it did; the same pairs quotes_refresh_derived makes."""
    import datetime
    import random

    from quotes.models import QuoteFragment
    from quotes.services.derived import quotes_fill_fragments
    from quotes.services.stats import quotes_refresh_stats
    from tests.factories import AppearanceFactory, ArticleFactory, QuoteFactory, SpeakerFactory
    from tests.fragment_pairs import pair_problems

    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    assert not (problems := pair_problems()), problems
    # The synthetic quotes hold no fragments; some that do, over dates
    # straddling the buckets the fill compares within.
    rng = random.Random(4)
    words = "we will not accept any ceasefire that rewards the aggressor".split()
    speakers, made = [SpeakerFactory(), SpeakerFactory()], []
    for _ in range(40):
        start = rng.randrange(len(words) - 1)
        q = QuoteFactory(speaker=rng.choice(speakers), text=" ".join(words[start : start + rng.randint(1, 8)]))
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(60))
        AppearanceFactory(quote=q, article=ArticleFactory(published=day))
        if rng.random() < 0.3:
            AppearanceFactory(quote=q, article=ArticleFactory(published=day + datetime.timedelta(days=rng.randrange(40))))
        made.append(q.id)
    quotes_refresh_stats(quote_ids=set(made))
    refreshed = set(QuoteFragment.objects.values_list("fragment_id", "statement_id"))
    assert refreshed and not (problems := pair_problems()), problems
    quotes_fill_fragments()
    assert set(QuoteFragment.objects.values_list("fragment_id", "statement_id")) == refreshed


def test_a_corpus_carries_the_stamp_benchmarks_reuse_it_by(monkeypatch):
    """bench/pages.py and bench/scale.py keep big corpora between runs and
    rebuild one only when its stamp differs from what they would build."""
    from quotes.management.commands import generate_corpus
    from quotes.management.commands.generate_corpus import corpus_stamp, read_corpus_stamp

    assert read_corpus_stamp() is None
    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    assert read_corpus_stamp() == corpus_stamp(articles=20, end="2025-12-31")
    assert read_corpus_stamp() != corpus_stamp(articles=21, end="2025-12-31")
    call_command("generate_corpus", articles=15, seed=3, replace=True, end="2025-06-30", verbosity=0)
    assert read_corpus_stamp() == corpus_stamp(articles=15, seed=3, end="2025-06-30")
    # A newer generator does not reuse what an older one built.
    monkeypatch.setattr(generate_corpus, "GENERATOR_VERSION", generate_corpus.GENERATOR_VERSION + 1)
    assert read_corpus_stamp() != corpus_stamp(articles=15, seed=3, end="2025-06-30")


def test_a_build_that_fails_leaves_no_stamp(monkeypatch):
    from quotes.management.commands import generate_corpus
    from quotes.management.commands.generate_corpus import read_corpus_stamp

    call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)

    def fail():
        raise RuntimeError("killed halfway")

    monkeypatch.setattr(generate_corpus, "quotes_fill_fragments", fail)
    with pytest.raises(RuntimeError):
        call_command("generate_corpus", articles=20, replace=True, end="2025-12-31", verbosity=0)
    assert read_corpus_stamp() is None
