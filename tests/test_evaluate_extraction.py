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


def test_reliability_table_buckets_by_confidence():
    from quotes.evaluation import Outcome, reliability_table

    outs = [Outcome("a", "cue-syntax", "name", 0.97, True)] * 9 + [Outcome("a", "cue-syntax", "name", 0.97, False)]
    outs += [Outcome("a", "adjacent-sentence", "name", 0.6, False)] * 2
    rows = {label: (n, right) for label, n, right in reliability_table(outs)}
    assert rows["0.95-1.00"] == (10, 0.9)
    assert rows["0.50-0.70"] == (2, 0.0)
    assert rows["0.90-0.95"][0] == 0


def test_confidence_is_a_conservative_share():
    from quotes.nlp.confidence import wilson_lower

    assert wilson_lower(0, 0) == 0.0
    assert wilson_lower(2, 2) < 0.6 < wilson_lower(200, 200) < 1.0   # two right is not certainty
    assert wilson_lower(90, 100) < 0.9 < wilson_lower(99, 100)


@needs_shared
def test_calibrate_counts_right_and_wrong_attributions_per_sieve(tmp_path):
    out = tmp_path / "table.tsv"
    call_command("calibrate_attribution", str(GOLD), "--out", str(out), stdout=StringIO())
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    counts = {(s, v): (int(r), int(t)) for s, v, r, t in rows}
    assert counts[("cue-syntax", "name")][1] >= 20          # the seeds' named speakers, mostly beside their cue
    assert all(0 <= r <= t for r, t in counts.values())
    assert sum(t for _, t in counts.values()) == 56          # every required seed quote, attributed


@needs_shared
def test_evaluate_extraction_prints_reliability_and_unattributed_share():
    buf = StringIO()
    call_command("evaluate_extraction", "--gold", str(GOLD), stdout=buf)
    out = buf.getvalue()
    assert "reliability of the attribution confidence" in out and "0.90-0.95" in out
    assert re.search(r"found without a speaker \d+ \(\d+\.\d%\)", out)
    assert "end-to-end F1 1.000" in out


def test_claims_are_found_by_coverage_and_scored_on_speaker():
    from quotes.evaluation import score_claims

    text = "Ann Lee said the plan would fail by June."
    gold = {"claims": [{"id": "c1", "article": "a.txt", "speaker": "Ann Lee", "source_kind": "person",
                        "text": "the plan would fail by June", "start": 13, "end": 40}]}

    def pred(start, end, speaker="Ann Lee"):
        return [{"file": "a.txt", "quotes": [{"kind": "indirect", "speaker": speaker, "start": start, "end": end,
                                               "text": text[start:end], "source_kind": "person"}]}]

    whole = score_claims(gold, pred(13, 40))
    assert (whole.found, whole.speaker_right, whole.kind_right, whole.f1) == (1, 1, 1, 1.0)
    assert score_claims(gold, pred(13, 21)).found == 0                   # "the plan": under half its words
    wrong = score_claims(gold, pred(13, 40, speaker="Bo Park"))
    assert (wrong.found, wrong.speaker_right, wrong.precision) == (1, 0, 0.0)
    outside = score_claims(gold, pred(0, 12))                            # the attribution, not the claim
    assert (outside.found, outside.predicted, outside.predicted_right) == (0, 1, 0)


@pytest.mark.parametrize(
    "predicted, gold, expected",
    [
        ("Adaeze Achebe-Price", "Adaeze Achebe-Price", True),    # hyphens split words, as in quoteval
        ("Price", "Adaeze Achebe-Price", True),
        ("Lumio", "Lumio", True),                               # a group named like a person
        ("company", "Lumio", False),
        ("union officials", "Tenants' Union", True),
        ("Ann Lee", "Tenants' Union", False),
    ],
)
def test_speaker_right_reads_a_gold_with_groups_as_quoteval_does(predicted, gold, expected):
    assert speaker_right(predicted, gold, groups=frozenset({"Lumio", "Tenants' Union"})) is expected
