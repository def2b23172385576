"""The evaluation sets' own self-checks, run by the suite (they were only run
by hand): each build_gold.py must reproduce the committed gold and manifest
exactly, and validate.py must pass on each set.

The build runs on a copy in a temporary folder: the committed files are
never rewritten by a test."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_dir import QUOTEVAL

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Only the sets named here are read (sets being written elsewhere are not).
SETS = {"unseen": "unseen_quotes.json", "unseen2": "c_quotes.json"}


@pytest.mark.parametrize("name", sorted(SETS))
def test_build_gold_reproduces_the_committed_gold(tmp_path, name):
    source = FIXTURES / name
    shutil.copy(FIXTURES / "goldsets.py", tmp_path / "goldsets.py")
    copy = tmp_path / name
    copy.mkdir()
    for path in [source / "build_gold.py", *source.glob("*.txt")]:
        shutil.copy(path, copy / path.name)
    run = subprocess.run(
        [sys.executable, str(copy / "build_gold.py")], cwd=copy, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for built in (SETS[name], "manifest.json"):
        assert (copy / built).read_bytes() == (source / built).read_bytes(), f"{name}/{built} differs from its build"


@pytest.mark.usefixtures("shared")  # the scorer: skips without ../shared, fails under CI=true
@pytest.mark.parametrize("name", sorted(SETS))
def test_validate_passes_on_each_set(name):
    gold = FIXTURES / name / SETS[name]
    run = subprocess.run(
        [sys.executable, str(FIXTURES / "unseen" / "validate.py"), str(gold)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "QUOTEVAL": str(QUOTEVAL)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith("OK")
    assert "end-to-end F1 1.000" in run.stdout and "link F1 1.000" in run.stdout
