"""End-to-end F1 on the seed articles, scored by the shared scorer (run as a
subprocess; the scorer is never copied or imported)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.nlp import extract_texts, to_contract
from tests.shared_dir import SHARED

GOLD = SHARED / "gold" / "seed_quotes.json"
SCORER = SHARED / "tools" / "quoteval.py"
REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.skipif(not SHARED.exists(), reason="/work/shared (gold and scorer) is not on this machine")
def test_seed_end_to_end_f1(nlp, tmp_path):
    seeds = REPO_SEEDS if any(REPO_SEEDS.glob("*.txt")) else SHARED / "seeds"
    files = sorted(seeds.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    pred = [{"file": f.name, "quotes": to_contract(ex)} for f, ex in zip(files, extract_texts(nlp, texts))]
    for f, text, entry in zip(files, texts, pred):
        for q in entry["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"], f.name
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), "extract", str(GOLD), str(path), "--verbose"],
                         capture_output=True, text=True, check=True).stdout
    f1 = float(re.search(r"end-to-end F1 ([0-9.]+)\s*$", out).group(1))
    assert f1 >= 0.97, out
