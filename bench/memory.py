"""A worker's memory stays flat over many articles, and one big article
does not blow it up.

- flat: in a process of its own, the worker's code (quotes.tasks._extract:
  parse, rules, attribution, linking, writes) extracts N articles one by one
  (BENCH_MEMORY_ARTICLES, default 2,000: generate_corpus's generator, the
  same as bench/throughput.py, stored first by the backfill), and its
  resident memory (VmRSS) is read every 100 articles.
  growth = RSS after N / RSS after the first 300 - 1 (target: within
  +-10%; the issue asks for it over 10,000 articles).
- big: bench/big_articles.py's 1 MB article, as paragraphs and as one line,
  each extracted in a process of its own: its peak RSS (target < 1024 MB)
  and seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench \\
        .venv/bin/python bench/memory.py [--articles 2000] [--json PATH]

The database is DATABASE_URL's name + "_memory" (created if missing and
EMPTIED: the name must contain "bench").
"""
import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchdb import create_database  # bench/ is the script folder, so on sys.path
from procmem import vm_rss_kb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
# DEBUG off, as in a worker: with it on Django keeps every query, and the
# memory would grow for that reason alone.
os.environ["DJANGO_SETTINGS_MODULE"] = "claimtrack.settings_test"
os.environ.pop("DJANGO_DEBUG", None)

WARM = 300
EVERY = 100
FLAT_TARGET = 0.10
PEAK_TARGET_MB = 1024
BIG = 1_000_000


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_MEMORY_ARTICLES", 2000)))
    ap.add_argument("--json", dest="json_path")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return _child()
    if args.articles <= WARM + EVERY:
        sys.exit(f"--articles must be more than {WARM + EVERY}")

    url = os.environ["DATABASE_URL"].split("?")[0] + "_memory"
    create_database(url)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "flush", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ["DATABASE_URL"] = url
    stored = _store(args.articles)
    print(f"{stored} articles stored; extracting them in one process", flush=True)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, capture_output=True, text=True)
    flat = json.loads(out.stdout.strip().splitlines()[-1])
    flat["seconds"] = round(time.perf_counter() - started, 1)
    base = flat["samples"][str(WARM)]
    end = flat["samples"][str(flat["articles"])]
    flat["rss_after_warm_mb"], flat["rss_end_mb"] = base, end
    flat["growth"] = round(end / base - 1, 4)
    flat["max_growth"] = round(max(flat["samples"][k] for k in flat["samples"] if int(k) >= WARM) / base - 1, 4)
    flat["met"] = abs(flat["growth"]) <= FLAT_TARGET
    print(f"RSS {flat['rss_model_mb']} MB with the model loaded, {base} MB after {WARM} articles, {end} MB after "
          f"{flat['articles']}: growth {flat['growth']:+.1%} (target within +-{FLAT_TARGET:.0%}), "
          f"highest {flat['max_growth']:+.1%}", flush=True)

    big = []
    for one_line in (False, True):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, str(HERE / "big_articles.py"), "--child", str(BIG), str(int(one_line))],
                             check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["process_seconds"] = round(time.perf_counter() - t, 1)
        row["met"] = row["peak_mb"] < PEAK_TARGET_MB
        big.append(row)
        print(f"1 MB article, {'one line' if one_line else 'paragraphs'}: peak {row['peak_mb']} MB "
              f"(target < {PEAK_TARGET_MB}), {row['seconds']} s, {row['quotes']} quotes", flush=True)
    result = {
        "flat": flat,
        "big_article": big,
        "targets": {"growth": f"within +-{FLAT_TARGET:.0%}", "peak_mb": f"< {PEAK_TARGET_MB}"},
    }
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=1), encoding="utf-8")


def _store(n: int) -> int:
    """The articles, stored queued as the backfill stores them, not enqueued."""
    import django

    django.setup()
    from django.conf import settings

    from articles.backfill import Record, backfill_store_batch
    from articles.uploads import Limits
    from throughput import _corpus

    limits = Limits(settings.UPLOAD_MAX_FILE_BYTES, None, 0)
    records = _corpus(n, seed=13)
    stored = 0
    for k in range(0, len(records), 200):
        batch = [
            Record(where=r["url"], name="record.txt", data=r["text"].encode(), source_name=r["url"],
                   outlet=r["outlet"], url=r["url"], published=date.fromisoformat(r["published"]), title=r["title"])
            for r in records[k : k + 200]
        ]
        stored += len(backfill_store_batch(records=batch, limits=limits, overrides={}, enqueue=False).created)
    return stored


def _rss_mb() -> int:
    kb = vm_rss_kb()
    if kb is None:
        raise RuntimeError("no VmRSS in /proc/self/status")
    return round(kb / 1024)


def _child():
    """The worker's part: load the model once, then the task's code for
    every queued article, in id order."""
    import django

    django.setup()
    from django.conf import settings

    from articles.models import Article
    from quotes.nlp import load_pipeline
    from quotes.tasks import _extract

    load_pipeline(settings.SPACY_MODEL)
    rss_model = _rss_mb()
    ids = list(Article.objects.filter(status=Article.Status.QUEUED).order_by("id").values_list("id", flat=True))
    samples, outcomes = {}, {}
    for i, article_id in enumerate(ids, 1):
        outcome = _extract(article_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if i % EVERY == 0 or i == len(ids):
            samples[str(i)] = _rss_mb()
    print(json.dumps({"articles": len(ids), "rss_model_mb": rss_model, "samples": samples, "outcomes": outcomes}))


if __name__ == "__main__":
    main()
