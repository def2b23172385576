"""Run the extractor over a folder of articles and score the result with a
scorer run as a subprocess (the shared quoteval.py, or the evaluation sets'
tests/fixtures/score.py wrapper around it): the end-to-end F1 tests share this."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from quotes.nlp import extract_texts, to_contract
from tests.shared_dir import QUOTEVAL

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WRAPPER = FIXTURES / "score.py"  # adds the surnames of gold files that list their groups


def end_to_end_f1(nlp, files: list[Path], gold: Path, tmp_path: Path, scorer: Path = WRAPPER) -> tuple[float, str]:
    """(F1, the scorer's --verbose report). Every predicted span must be the
    article text at its offsets."""
    assert files
    texts = [f.read_text(encoding="utf-8") for f in files]
    pred = [{"file": f.name, "quotes": to_contract(ex)} for f, ex in zip(files, extract_texts(nlp, texts))]
    for f, text, entry in zip(files, texts, pred):
        for q in entry["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"], f.name
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(scorer), "extract", str(gold), str(path), "--verbose"],
        capture_output=True, text=True, check=True, env={**os.environ, "QUOTEVAL": str(QUOTEVAL)},
    ).stdout
    return float(re.search(r"end-to-end F1 ([0-9.]+)\s*$", out).group(1)), out
