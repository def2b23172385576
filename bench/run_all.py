"""Run every benchmark and write bench/results.json and bench/results.md.

    .venv/bin/python bench/run_all.py [NAME...]

With names (extraction, linking, pages, throughput), only those run, and
their figures replace theirs in the existing results files.

- extraction: bench/extraction.py --json (ratio_vs_spacy: our pipeline / bare spaCy)
- linking: bench/linking.py --json (per_article_ratio: ~100k quotes / ~1k)
- pages: bench/pages.py --json (p50/p95 per page at 1k and 20k articles, p95_ratio)
- throughput: bench/throughput.py --json (N articles end to end through Redis
  and Celery workers into PostgreSQL vs bare nlp.pipe, 1 and 2 processes;
  BENCH_THROUGHPUT_ARTICLES sets N, default 2,000)

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


BENCHES = ("extraction", "linking", "pages", "throughput")


def main():
    only = sys.argv[1:]
    unknown = set(only) - set(BENCHES)
    if unknown:
        sys.exit(f"unknown benchmark(s) {sorted(unknown)}; choose from {', '.join(BENCHES)}")
    env = {**os.environ}
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
    started = time.perf_counter()
    previous = ROOT / "results.json"
    results = json.loads(previous.read_text(encoding="utf-8")) if only and previous.exists() else {}
    for name in only or BENCHES:
        results.update(SECTIONS[name](run(name, [], env)))
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (ROOT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (ROOT / "results.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))


SECTIONS = {
    "extraction": lambda d: {"extraction": {"ratio_vs_spacy": d["ratio_vs_spacy"], "seconds": d["seconds"]}},
    "linking": lambda d: {"linking": {
        "per_article_ratio": d["per_article_ratio"], "seconds": d["seconds"],
        "small_median_ms": round(d["small"]["median_s"] * 1000, 2),
        "large_median_ms": round(d["large"]["median_s"] * 1000, 2),
        "small_quotes": d["small"]["quotes"], "large_quotes": d["large"]["quotes"]}},
    "pages": lambda d: {"pages": d["pages"], "corpus": d["corpus"]},
    "throughput": lambda d: {"throughput": {
        **{k: d[k] for k in ("articles", "mean_chars", "parser_seconds", "end_to_end_seconds", "articles_per_second",
                             "ratio_vs_parser", "scaling_2_vs_1", "parser_scaling_2_vs_1", "ms_per_article",
                             "profile_articles", "load_average_at_end")},
        "targets": {"ratio_vs_parser": "<= 1.3", "scaling_2_vs_1": ">= 1.8"},
        "seconds": d["seconds"]}},
}


def _markdown(r):
    lines = [
        "# Benchmarks",
        "",
        "| what | baseline | measured | ratio | target |",
        "|---|---|---|---|---|",
    ]
    if "extraction" in r:
        lines.append(f"| extraction vs bare spaCy | spaCy `nlp.pipe` | claimtrack extraction | "
                     f"{r['extraction']['ratio_vs_spacy']} | <= 1.25 |")
    if "linking" in r:
        lines.append(
            f"| linking one article | {r['linking']['small_median_ms']} ms at {r['linking']['small_quotes']} quotes | "
            f"{r['linking']['large_median_ms']} ms at {r['linking']['large_quotes']} quotes | "
            f"{r['linking']['per_article_ratio']} | <= 1.5 |")
    if "throughput" in r:
        t = r["throughput"]
        rate = t["articles_per_second"]
        for p in ("1", "2"):
            lines.append(
                f"| {t['articles']} articles end to end, {p} process(es) | nlp.pipe {rate['parser'][p]} articles/s | "
                f"{rate['end_to_end'][p]} articles/s | {t['ratio_vs_parser'][p]} | <= 1.3 |")
        lines.append(f"| end to end, 2 processes vs 1 | 1 process | 2 processes (parser alone: "
                     f"{t['parser_scaling_2_vs_1']}x) | {t['scaling_2_vs_1']}x | >= 1.8 |")
        parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in t["ms_per_article"].items())
        lines += ["", f"Where an article's time goes (ms, {t['profile_articles']} articles profiled in one process): "
                  f"{parts}. Load average at the end: {t['load_average_at_end']} (a shared machine: noisy)."]
    if "pages" in r:
        small, large = r["corpus"]["small"], r["corpus"]["large"]
        lines += [
            "",
            f"Pages: {small['articles']} articles / {small['quotes']} quotes vs {large['articles']} articles / "
            f"{large['quotes']} quotes (ms).",
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
