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
- scale: bench/scale.py --json (every page's p95 and the per-article linking
  cost at a corpus ten times the pages benchmark's, vs 1k articles; the
  corpora are kept and reused while generate_corpus's stamp matches;
  BENCH_SCALE_ARTICLES sets the size, default 50,000)
- memory: bench/memory.py --json (the worker's RSS over N articles,
  BENCH_MEMORY_ARTICLES, default 2,000; peak RSS for a 1 MB article)
- web_memory: bench/web_memory.py --json (gunicorn's RSS over a read load of
  20 readers, BENCH_WEB_MEMORY_SECONDS, default 600)

The benchmark databases come from DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/claimtrack_bench; the name must contain
"bench"); the pages benchmark drops its databases when done, the scale
benchmark keeps its own (<name>_scale_small, <name>_scale_large).
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


BENCHES = ("extraction", "linking", "pages", "throughput", "scale", "memory", "web_memory")


def main():
    only = sys.argv[1:]
    unknown = set(only) - set(BENCHES)
    if unknown:
        sys.exit(f"unknown benchmark(s) {sorted(unknown)}; choose from {', '.join(BENCHES)}")
    env = {**os.environ}
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
    started = time.perf_counter()
    results = {}
    for name in only or BENCHES:
        results.update(SECTIONS[name](run(name, [], env)))
    # Read when writing, not when starting: two runs of different sections
    # at once (the scale and memory benchmarks take a while) keep both.
    previous = ROOT / "results.json"
    if only and previous.exists():
        results = {**json.loads(previous.read_text(encoding="utf-8")), **results}
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
    "scale": lambda d: {"scale": {
        **{k: d[k] for k in ("pages", "corpus", "plans", "linking", "databases", "build_seconds", "reused", "targets")},
        "seconds": d["seconds"]}},
    "memory": lambda d: {"memory": {**d}},
    "web_memory": lambda d: {"web_memory": {k: v for k, v in d.items() if k != "samples"}},
}


def _met(ok):
    return "met" if ok else "**not met**"


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
    if "scale" in r:
        lines += _scale_markdown(r["scale"])
    if "memory" in r:
        lines += _memory_markdown(r["memory"])
    if "web_memory" in r:
        w = r["web_memory"]
        lines += ["", f"Web process (gunicorn, master and workers) over {w['seconds']} s of {w['readers']} readers "
                  f"({w['requests']} requests, {w['errors']} errors): {w['rss_mb_after_warmup']} MB after the warm-up, "
                  f"{w['rss_mb_end']} MB at the end, {w['growth']:+.1%} (target within +-10%: {_met(w['met'])})."]
    lines += ["", f"Total: {r['total_seconds']:.0f} s.", ""]
    return "\n".join(lines)



def _scale_markdown(s):
    small, large = s["corpus"]["small"], s["corpus"]["large"]
    built = ", ".join(
        f"{size} reused" if s["reused"][size] else f"{size} built in {s['build_seconds'][size]:.0f} s"
        for size in ("small", "large")
    )
    lines = [
        "",
        f"Ten times the scale: {small['articles']} articles / {small['quotes']} quotes vs {large['articles']} "
        f"articles / {large['quotes']} quotes ({built}; kept in {s['databases']['large']}).",
        "",
        "| page | p95 1k (ms) | p95 at scale (ms) | p95 ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    for page, row in s["pages"].items():
        lines.append(f"| {page} | {row['small']['p95_ms']} | {row['large']['p95_ms']} | {row['p95_ratio']} | "
                     f"<= 1.5 | {_met(row['p95_ratio'] <= 1.5)} |")
    lk = s["linking"]
    lines.append(f"| linking one article | {lk['small_median_ms']} at {lk['small_quotes']} quotes | "
                 f"{lk['large_median_ms']} at {lk['large_quotes']} quotes | {lk['per_article_ratio']} | <= 1.5 | "
                 f"{_met(lk['per_article_ratio'] <= 1.5)} |")
    for page, plan in s["plans"].items():
        top = next((line.strip() for line in plan.get("plan", []) if line.strip()), "")
        lines.append(f"\n{page} over target: its slowest query at scale took {plan.get('slowest_ms')} ms of "
                     f"{plan['queries']} queries; plan: `{top}` (the whole plan is in results.json).")
    return lines


def _memory_markdown(m):
    f = m["flat"]
    lines = [
        "",
        "| memory | baseline | measured | figure | target | |",
        "|---|---|---|---|---|---|",
        f"| worker RSS over {f['articles']} articles | {f['rss_after_warm_mb']} MB after 300 | {f['rss_end_mb']} MB "
        f"after {f['articles']} | {f['growth']:+.1%} (highest {f['max_growth']:+.1%}) | within +-10% | {_met(f['met'])} |",
    ]
    for row in m["big_article"]:
        shape = "one line" if row["one_line"] else "paragraphs"
        lines.append(f"| 1 MB article, {shape} | | {row['seconds']} s, {row['quotes']} quotes | "
                     f"peak {row['peak_mb']} MB | < 1024 MB | {_met(row['met'])} |")
    return lines


if __name__ == "__main__":
    main()
