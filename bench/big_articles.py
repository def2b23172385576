"""Time and memory of extracting one article as it grows: 10 KB, 100 KB and
1 MB (5 MB with --full), written as paragraphs and as one line. Each size
runs in its own process, so its peak memory is its own.

    python bench/big_articles.py [--full] [--json PATH]

Target (the archive-scale issue): seconds per MB within 1.5x across sizes,
peak memory under 1 GB, and as many quotes on one line as in paragraphs.
Extraction only: no database is used."""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def article(size: int, one_line: bool) -> str:
    """Seed text repeated to `size` characters; one line or paragraphs."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    paras = [p for f in seeds for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    out, n, k = [], 0, 0
    while n < size:
        # numbered, so that no paragraph repeats (a repeat is page furniture)
        para = f"{paras[k % len(paras)]} ({k // len(paras)})"
        out.append(para)
        n += len(para) + 2
        k += 1
    text = "\n\n".join(out)[:size]
    return " ".join(text.split()) if one_line else text


def child(size: int, one_line: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from quotes.nlp import extract_article, load_pipeline

    nlp = load_pipeline()
    extract_article(nlp, "Warm-up. “Yes,” she said.")
    text = article(size, one_line)
    started = time.perf_counter()
    quotes = extract_article(nlp, text).quotes
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bytes": len(text.encode()), "one_line": one_line, "seconds": round(seconds, 2),
                      "quotes": len(quotes), "peak_mb": round(peak_mb)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="add 5 MB")
    parser.add_argument("--json")
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        return child(int(args.child[0]), args.child[1] == "1")
    sizes = [10_000, 100_000, 1_000_000] + ([5_000_000] if args.full else [])
    rows = []
    for one_line in (False, True):
        for size in sizes:
            out = subprocess.run([sys.executable, __file__, "--child", str(size), str(int(one_line))],
                                 capture_output=True, text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            row["s_per_mb"] = round(row["seconds"] / (row["bytes"] / 1e6), 1)
            rows.append(row)
            print(f"{'one line  ' if one_line else 'paragraphs'} {row['bytes'] / 1e3:8.0f} KB  {row['seconds']:7.1f} s  "
                  f"{row['s_per_mb']:7.1f} s/MB  peak {row['peak_mb']} MB  {row['quotes']} quotes", flush=True)
    for size, para, line in zip(sizes, rows[:len(sizes)], rows[len(sizes):]):
        # the same story either way: one line should find what paragraphs find
        # (issue 18: 71 against 4,452 at 1 MB, when a breadcrumb's » cut the line)
        print(f"{size / 1e3:8.0f} KB: one line finds {line['quotes']} quotes, paragraphs {para['quotes']} "
              f"({line['quotes'] / max(para['quotes'], 1):.2f}x)")
    for one_line in (False, True):
        per_mb = [r["s_per_mb"] for r in rows if r["one_line"] == one_line and r["bytes"] >= 100_000]
        print(f"{'one line' if one_line else 'paragraphs'}: s/MB spread from 100 KB up {max(per_mb) / max(min(per_mb), 1e-9):.2f}x (target <= 1.5); "
              f"peak {max(r['peak_mb'] for r in rows if r['one_line'] == one_line)} MB (target < 1024)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
