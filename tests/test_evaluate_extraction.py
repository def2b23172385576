"""evaluate_extraction scores like the team's independent scorer."""
import json
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from quotes.evaluation import score_extraction, speaker_right

from tests.shared_dir import QUOTEVAL
from tests.shared_dir import SEED_GOLD as GOLD

needs_shared = pytest.mark.usefixtures("shared")  # skips without ../shared, fails under CI=true


@pytest.mark.parametrize(
    "predicted, gold, expected",
    [
        ("Pete Hegseth", "Pete Hegseth", True),
        ("Mr. Hegseth", "Pete Hegseth", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
        ("Donald Trump", "Pete Hegseth", False),
        (None, "Pete Hegseth", False),
        ("foreign ministers", "European foreign ministers", True),
        ("Pete Hegseth", "European foreign ministers", False),
    ],
)
def test_speaker_right(predicted, gold, expected):
    assert speaker_right(predicted, gold) is expected


def _quoteval_f1(pred_path):
    out = subprocess.run(
        [sys.executable, str(QUOTEVAL), "extract", str(GOLD), str(pred_path)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return float(re.search(r"end-to-end F1 ([\d.]+)", out).group(1))


@needs_shared
def test_agrees_with_quoteval_on_a_damaged_prediction(tmp_path):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    # A prediction built from the gold, then damaged: every third quote
    # dropped, every fifth given to the wrong speaker, one invented.
    by_file = {}
    for i, g in enumerate(gold["quotes"]):
        if i % 3 == 0:
            continue
        wrong = "Donald Trump" if "Trump" not in g["speaker"] else "Pete Hegseth"
        speaker = wrong if i % 5 == 0 else g["speaker"]
        by_file.setdefault(g["article"], []).append(
            {"speaker": speaker, "text": g["text"], "start": g["start"], "end": g["end"], "kind": g["kind"]}
        )
    first = next(iter(by_file))
    by_file[first].append({"speaker": "Ann Other", "text": "an invented quote", "start": 0, "end": 17, "kind": "direct"})
    preds = [{"file": name, "quotes": quotes} for name, quotes in by_file.items()]
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(preds), encoding="utf-8")
    assert round(score_extraction(gold, preds).f1, 3) == _quoteval_f1(path)


@needs_shared
def test_command_prints_the_four_figures():
    out = StringIO()
    call_command("evaluate_extraction", "--gold", str(GOLD), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("detection precision")
    assert lines[1].startswith("attribution accuracy")
    f1 = float(re.search(r"end-to-end F1 ([\d.]+)", lines[-1]).group(1))
    assert f1 >= 0.97
