"""The quality gates (F1 floors, gold-span linking, scorer agreement) need
the shared folder. Without it they skip on a developer machine, but under
CI=true they must fail: CI must not go green with none of them run."""
from pathlib import Path

import pytest

from tests import shared_dir

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_shared_folder_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="nowhere.json missing"):
        shared_dir.require_shared(tmp_path / "nowhere.json")


def test_a_complete_shared_folder_passes(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "tools").mkdir()
    (tmp_path / "gold").mkdir()
    monkeypatch.setattr(shared_dir, "QUOTEVAL", tmp_path / "tools" / "quoteval.py")
    monkeypatch.setattr(shared_dir, "SEED_GOLD", tmp_path / "gold" / "seed_quotes.json")
    shared_dir.QUOTEVAL.write_text("")
    shared_dir.SEED_GOLD.write_text("{}")
    assert shared_dir.require_shared() is None


def _test_modules():
    # Only test modules and conftests: the evaluation sets under fixtures/ are not read here.
    for path in sorted(TESTS.rglob("*.py")):
        if "fixtures" in path.relative_to(TESTS).parts or path.name == "shared_dir.py":
            continue
        if path.name.startswith("test_") or path.name == "conftest.py":
            yield path


# The modules holding the gates, and how each reaches the helper: the
# "shared" fixture, or the linking conftest's "gold" fixture (require_shared).
GATES = {
    "linking/test_seed_f1.py": 'usefixtures("shared")',
    "linking/test_gold_spans.py": ", gold",
    "linking/test_quote_page.py": ", gold)",
    "linking/test_quote_page_browser.py": ", gold)",
    "linking/test_service.py": ", gold,",
    "linking/conftest.py": "require_shared(GOLD)",
    "test_evaluate_extraction.py": 'usefixtures("shared")',
    "nlp/test_seed_score.py": 'usefixtures("shared")',
    "nlp/test_heldout_score.py": 'usefixtures("shared")',
    "nlp/test_unseen_score.py": 'usefixtures("shared")',
    "test_gold_sets.py": 'usefixtures("shared")',
}


def test_every_gate_goes_through_the_one_helper():
    for name, use in GATES.items():
        assert use in (TESTS / name).read_text(encoding="utf-8"), name
    for path in _test_modules():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # A skip of its own would let CI pass without the gate.
            if "skipif(" in line or "pytest.skip(" in line:
                assert not any(w in line.lower() for w in ("shared", "quoteval", "gold", "scorer")), f"{path}:{n}"
