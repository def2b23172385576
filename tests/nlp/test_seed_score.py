"""End-to-end F1 on the seed articles, scored by the shared scorer (run as a
subprocess; the scorer is never copied or imported)."""
from pathlib import Path

import pytest

from tests.nlp.scoring import end_to_end_f1
from tests.shared_dir import QUOTEVAL, SHARED

GOLD = SHARED / "gold" / "seed_quotes.json"
REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.usefixtures("shared")  # skips without ../shared, fails under CI=true
def test_seed_end_to_end_f1(nlp, tmp_path):
    seeds = REPO_SEEDS if any(REPO_SEEDS.glob("*.txt")) else SHARED / "seeds"
    f1, out = end_to_end_f1(nlp, sorted(seeds.glob("*.txt")), GOLD, tmp_path, scorer=QUOTEVAL)
    assert f1 >= 0.97, out
