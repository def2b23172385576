"""Run every benchmark and write bench/results.json and bench/results.md.

    .venv/bin/python bench/run_all.py

- extraction: bench/extraction.py --json (ratio_vs_spacy: our pipeline / bare spaCy)
- linking: bench/linking.py --json (per_article_ratio: ~100k quotes / ~1k)
- pages: bench/pages.py --json (p50/p95 per page at 1k and 20k articles, p95_ratio)

The benchmark databases come from DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/claimtrack_bench; the name must contain
"bench"); the pages benchmark drops its databases when done.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PY = sys.executable


def run(name, args, env=None):
    out = ROOT / f"{name}.json"
    started = time.perf_counter()
    print(f"== {name}", flush=True)
    subprocess.run([PY, str(ROOT / f"{name}.py"), *args, "--json", str(out)], check=True, env=env)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["seconds"] = round(time.perf_counter() - started, 1)
    return data


def main():
    env = {**os.environ}
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
    started = time.perf_counter()
    extraction = run("extraction", [], env)
    linking = run("linking", [], env)
    pages = run("pages", [], env)
    results = {
        "extraction": {"ratio_vs_spacy": extraction["ratio_vs_spacy"], "seconds": extraction["seconds"]},
        "linking": {"per_article_ratio": linking["per_article_ratio"], "seconds": linking["seconds"],
                    "small_median_ms": round(linking["small"]["median_s"] * 1000, 2),
                    "large_median_ms": round(linking["large"]["median_s"] * 1000, 2),
                    "small_quotes": linking["small"]["quotes"], "large_quotes": linking["large"]["quotes"]},
        "pages": pages["pages"],
        "corpus": pages["corpus"],
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    (ROOT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (ROOT / "results.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))


def _markdown(r):
    small, large = r["corpus"]["small"], r["corpus"]["large"]
    lines = [
        "# Benchmarks",
        "",
        "| what | baseline | measured | ratio | target |",
        "|---|---|---|---|---|",
        f"| extraction vs bare spaCy | spaCy `nlp.pipe` | claimtrack extraction | {r['extraction']['ratio_vs_spacy']} | <= 1.25 |",
        f"| linking one article | {r['linking']['small_median_ms']} ms at {r['linking']['small_quotes']} quotes | "
        f"{r['linking']['large_median_ms']} ms at {r['linking']['large_quotes']} quotes | {r['linking']['per_article_ratio']} | <= 1.5 |",
        "",
        f"Pages: {small['articles']} articles / {small['quotes']} quotes vs {large['articles']} articles / {large['quotes']} quotes (ms).",
        "",
        "| page | p50 1k | p95 1k | p50 20k | p95 20k | p95 ratio |",
        "|---|---|---|---|---|---|",
    ]
    for page, row in r["pages"].items():
        lines.append(f"| {page} | {row['small']['p50_ms']} | {row['small']['p95_ms']} | {row['large']['p50_ms']} | "
                     f"{row['large']['p95_ms']} | {row['p95_ratio']} |")
    lines += ["", f"Total: {r['total_seconds']:.0f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
