"""End-to-end F1 on the held-out articles (tests/fixtures/heldout), scored by
the evaluation sets' score.py wrapper around the shared scorer, run as a subprocess.

The held-out set was used for error analysis in the round that generalised
attribution (descriptions, gendered pronouns, headings, nested British
quotes, scare quotes), so it is no longer fully unseen: this is a regression
floor, not a measure of generalisation. Measured then: F1 1.000; the floor is
that rounded down to 2 decimals, minus 0.02."""
import pytest

from tests.nlp.scoring import FIXTURES, end_to_end_f1

HELDOUT = FIXTURES / "heldout"
FLOOR = 0.98


@pytest.mark.usefixtures("shared")  # skips without ../shared, fails under CI=true
def test_heldout_end_to_end_f1(nlp, tmp_path):
    f1, out = end_to_end_f1(nlp, sorted(HELDOUT.glob("h0*.txt")), HELDOUT / "gold.json", tmp_path)
    assert f1 >= FLOOR, out
