"""Reported claims (kind "indirect") against the claim gold, scored by
coverage (quotes.evaluation.score_claims, as `evaluate_extraction --kind
indirect`).

- The tuning claim set (tests/fixtures/claims/tuning: the seeds and set E,
  182 claims) was tuned on: detection recall 0.286 and F1 0.430 before the
  claim forms were added, 0.703 and 0.782 after; 0.720 and 0.795 once a
  named source's report hung on another's claim became its own claim
  (issue 13); 0.797 and 0.848 (precision 0.897 -> 0.914) once noun
  complements ("refuted criticism that …", "made comments that …"), a
  second claim hung on the cue ("said A, but that B"; "A, X said, and B"),
  the cue hung on the claim as a conjunct, denials of a deed, demands left
  out, and accept/imply/frame/expect were added (issue 13, round 2). A
  regression floor.
- The blind claim set (tests/fixtures/claims/blind, 133 claims in 15 of set
  D's articles) is never tuned on; its floor is set from its one scoring at
  the end of the round (detection recall 0.767, F1 0.585), and failures print
  only the figures. The next round's attribution work (the ranker, stage-2
  fixes) gave more claims their right speaker: F1 0.659 (speaker right on
  81 of 102 found, was 72), scored with figures only. Issue 13 round 2's
  claim forms left it unchanged (recall 0.767, F1 0.659 before and after).
- blind7 (tests/fixtures/claims/blind7, set J's articles) is blind the same
  way, written in stop 23; scored once before and once after that stop's
  claim work."""
import json
from pathlib import Path

import pytest

from quotes.evaluation import score_claims
from quotes.nlp import extract_texts, to_contract

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SETS = {
    "tuning": (FIXTURES / "claims" / "tuning" / "claims_tuning.json", 0.77, 0.82),
    # blind: detection recall 0.316 and F1 0.319 before, 0.767 and 0.585 after; F1 0.659 a round later
    "blind": (FIXTURES / "claims" / "blind" / "claims_blind.json", 0.73, 0.63),
    # blind7 (set J's 15 articles, 157 claims, written blind in stop 23): recall 0.739 and F1 0.729
    # before that stop's claim forms, 0.783 and 0.754 after; figures only
    "blind7": (FIXTURES / "claims" / "blind7" / "claims_blind7.json", 0.75, 0.72),
}


def _text(name: str) -> str:
    for folder in (ROOT / "seeds", *FIXTURES.glob("**/")):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise FileNotFoundError(name)


@pytest.mark.parametrize("name", sorted(SETS))
def test_claim_detection_and_f1(nlp, name):
    path, recall_floor, f1_floor = SETS[name]
    gold = json.loads(path.read_text(encoding="utf-8"))
    names = sorted({c["article"] for c in gold["claims"]})
    preds = [{"file": n, "quotes": to_contract(x)} for n, x in zip(names, extract_texts(nlp, [_text(n) for n in names]))]
    s = score_claims(gold, preds)
    assert s.detection_recall >= recall_floor and s.f1 >= f1_floor, \
        f"claims {name}: detection recall {s.detection_recall:.3f}, F1 {s.f1:.3f}"
