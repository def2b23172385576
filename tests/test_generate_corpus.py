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
