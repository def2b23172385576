"""Time quote extraction against bare spaCy parsing of the same texts, in the
same run, and report the ratio (target <= 1.25).

    python bench/extraction.py [--docs 300] [--json PATH] [--memory]

--memory processes many more documents through extract_texts and reports
resident-memory growth (the memory zone should keep it flat).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

from procmem import vm_rss_kb  # bench/ is the script folder, so on sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.nlp import extract_texts, load_pipeline  # noqa: E402


def _seed_texts() -> list[str]:
    for folder in (ROOT / "seeds", Path("/work/shared/seeds")):
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise SystemExit("no seed articles found")


def _corpus(n: int, rng: random.Random) -> list[str]:
    seeds = _seed_texts()
    return [rng.choice(seeds) for _ in range(n)]


def _rss_mb() -> float:
    kb = vm_rss_kb()
    return (kb if kb is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def _time_spacy(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return time.perf_counter() - start


def _time_extract(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in extract_texts(nlp, texts, batch_size=16):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each is kept")
    ap.add_argument("--json", dest="json_path")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--memory-docs", type=int, default=3000)
    args = ap.parse_args()

    rng = random.Random(13)
    nlp = load_pipeline()
    texts = _corpus(args.docs, rng)
    _time_extract(nlp, texts[:10])  # warm up both paths (lexicon, lazy model init)
    _time_spacy(nlp, texts[:10])
    spacy_s, extract_s = [], []
    for _ in range(args.rounds):  # alternate, so machine noise hits both alike
        rng.shuffle(texts)
        spacy_s.append(_time_spacy(nlp, texts))
        extract_s.append(_time_extract(nlp, texts))
    result = {
        "docs": len(texts),
        "chars": sum(map(len, texts)),
        "spacy_seconds": round(min(spacy_s), 3),
        "extract_seconds": round(min(extract_s), 3),
        "ratio_vs_spacy": round(min(extract_s) / min(spacy_s), 3),
    }
    if args.memory:
        big = _corpus(args.memory_docs, rng)
        rss = []
        for i, _ in enumerate(extract_texts(nlp, big, batch_size=16)):
            if i % 500 == 0:
                rss.append(round(_rss_mb(), 1))
        result["memory_docs"] = len(big)
        result["rss_mb_samples"] = rss
        result["rss_growth_mb"] = round(rss[-1] - rss[1 if len(rss) > 1 else 0], 1)
    print(f"{result['docs']} docs: spaCy {result['spacy_seconds']}s, extraction {result['extract_seconds']}s")
    print(f"ratio_vs_spacy {result['ratio_vs_spacy']} (target <= 1.25)")
    if args.memory:
        print(f"RSS over {result['memory_docs']} docs: {result['rss_mb_samples']} MB; growth {result['rss_growth_mb']} MB")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
