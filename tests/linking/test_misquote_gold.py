"""The misquote flag measured on link gold (quotes/misquote_evaluation.py,
`manage.py evaluate_misquotes`): floors under the figures it reached, so a
change that makes it miss injected changes, or flag untouched printings,
fails here. Gold spans only: this measures the comparison, not extraction."""
import io
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from quotes.linking.text import words
from quotes.misquote_evaluation import evaluate, inject
from tests.shared_dir import SEED_GOLD, require_shared

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures"
GOLDS = [
    SEED_GOLD,
    FIXTURES / "heldout" / "gold.json",
    FIXTURES / "unseen" / "unseen_quotes.json",
    FIXTURES / "tuning" / "e_quotes.json",
]


@pytest.fixture(scope="module")
def report():
    require_shared(SEED_GOLD)
    return evaluate(GOLDS)


def test_enough_statements_to_mean_something(report):
    assert report.statements >= 60 and report.printings >= 150


def test_untouched_gold_printings_are_rarely_flagged(report):
    # The gold's own light rewordings ("prepared" / "going") are flagged,
    # and are what is left here; a comparison that flagged trims or splits
    # would be far above this.
    assert report.false_flag_rate <= 0.07


def test_changed_words_inside_a_printing_are_caught(report):
    interior = report.total("interior")
    assert interior.trials >= 300
    assert interior.recall >= 0.95


def test_a_substituted_word_at_a_printings_edge_is_caught(report):
    assert report.tallies[("substitution", "edge")].recall >= 0.85


@pytest.mark.xfail(reason="a word added before a printing's first word or after its last, where no other "
                          "printing quotes further, cannot be told from the outlet quoting more", strict=True)
def test_an_inserted_word_at_a_printings_edge_is_caught(report):
    assert report.tallies[("insertion", "edge")].recall >= 0.85


def test_precision(report):
    interior = report.total("interior")
    # Strictly, every other printing flagged counts against it; most of those
    # are the printing the copy was made from, which only it and the copy
    # print at that point: one against one, both are flagged.
    assert interior.precision >= 0.5
    assert interior.precision_ties_as_one >= 0.8


@pytest.mark.parametrize("kind", ["substitution", "insertion"])
@pytest.mark.parametrize("place", ["interior", "edge"])
def test_injection_changes_exactly_one_word(kind, place):
    text = "We have spent two years rebuilding the harbour, and the fishermen stayed"
    changed = inject(text, kind, place, random.Random(3), ["quietly", "harbour"])
    before, after = words(text), words(changed)
    assert "quietly" in after
    assert len(after) == len(before) + (kind == "insertion")


def test_the_command_prints_the_table():
    require_shared(SEED_GOLD)
    out = io.StringIO()
    call_command("evaluate_misquotes", *map(str, GOLDS), stdout=out)
    assert "false-flag rate" in out.getvalue()
    assert "all            interior" in out.getvalue()
