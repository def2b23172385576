"""Done-when of issue 4: the real pipeline (ingest --sync: extraction,
attribution, linking) links the five seeds with link F1 = 1.0, as scored by
the team's independent scorer."""
import json
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.linking.conftest import GOLD, QUOTEVAL, SEEDS, export

pytestmark = pytest.mark.usefixtures("shared")  # skips without ../shared, fails under CI=true


@pytest.mark.django_db(transaction=True)
def test_seed_link_f1_is_perfect_through_the_real_pipeline(tmp_path):
    call_command("ingest", *sorted(str(p) for p in SEEDS.glob("*.txt")), sync=True)
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(export(), ensure_ascii=False), encoding="utf-8")

    run = subprocess.run(
        [sys.executable, str(QUOTEVAL), "link", str(GOLD), str(dump), "--verbose"],
        capture_output=True, text=True, check=True,
    )

    f1 = float(re.search(r"link F1 ([0-9.]+)", run.stdout).group(1))
    assert f1 == 1.0, run.stdout
    # Linking is only scored over quotes extraction found: make sure it found most.
    scored = int(re.search(r"must-link pairs scored (\d+)", run.stdout).group(1))
    assert scored >= 15, run.stdout


@pytest.mark.parametrize("name", ["A", "B"])
def test_held_out_sets_link_at_the_goal_through_the_real_pipeline(db, name, capsys):
    # Issue 16's goal is link F1 0.95; both sets scored 1.000 when it closed
    # (0.918 and 0.943 before). Extraction changes move it a little.
    call_command("evaluate_linking", name, "--only")

    line = capsys.readouterr().out.strip()
    f1, precision = (float(re.search(rf"{k} ([0-9.]+)", line).group(1)) for k in ("link F1", "precision"))
    assert f1 >= 0.95 and precision == 1.0, line
