"""End-to-end ingest throughput against the parser alone, in the same run.

The same N generated articles (generate_corpus's generator: reprints,
trimmed and reworded printings, so linking has work to do) go

  backfill (`manage.py ingest FILE.jsonl`) -> PostgreSQL -> Redis -> real
  Celery workers (extract, attribute, link, write) -> status done

with 1 worker process and with 2, and bare spaCy `nlp.pipe` parses the same
texts with 1 process and with 2. Printed and written with --json:

  ratio_vs_parser[p]   end-to-end seconds / bare nlp.pipe seconds, p processes (target <= 1.3)
  scaling_2_vs_1       end-to-end with 2 processes, how many times as fast as 1 (target >= 1.8)
  articles_per_second  end to end and for the parser alone
  ms_per_article       where an article's time goes (parse, rules, linking,
                       database, storing it at ingest), measured in this
                       process on the first --profile articles, and what
                       is left of the 1-process end-to-end time per article
                       (the queue, the broker, and the worker's own overhead)

usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
      .venv/bin/python bench/throughput.py [--articles 2000] [--json PATH]

BENCH_THROUGHPUT_ARTICLES shrinks (or grows) the default N. The database is
DATABASE_URL's name + "_throughput" (created if missing and EMPTIED: the
name must contain "bench"). The workers read a queue of their own on
REDIS_URL, so other workers on that Redis take none of these tasks. On a
shared machine every figure is noisy: the two runs share the cores with
whatever else runs, so compare ratios from one run, not seconds across runs.
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

from benchdb import create_database  # bench/ is the script folder, so on sys.path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
# DEBUG off everywhere, as in production (the test settings supply the
# secret key and hosts a production run would take from its environment).
os.environ["DJANGO_SETTINGS_MODULE"] = "claimtrack.settings_test"

WARMUP = 4
PARSE_BATCH = 16
ANALYZE_EVERY_S = 10


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_THROUGHPUT_ARTICLES", 2000)))
    ap.add_argument("--profile", type=int, help="articles timed part by part in this process (default: N/4, 20..200)")
    ap.add_argument("--batch-size", type=int, default=200, help="the backfill's batch")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", dest="json_path")
    args = ap.parse_args()
    if args.profile is None:
        args.profile = max(20, min(200, args.articles // 4))

    url = os.environ["DATABASE_URL"].split("?")[0] + "_throughput"
    create_database(url)
    os.environ["DATABASE_URL"] = url
    # Read by the settings, so this process (which runs the backfill) sends
    # to the queue the workers read.
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    if _autovacuum_is_off():
        print(f"autovacuum is off on this server: the bench runs ANALYZE every {ANALYZE_EVERY_S} s in its place "
              "(every 25 articles when profiling)")

    records = _corpus(args.articles + WARMUP, args.seed)
    corpus, warmup = records[: args.articles], records[args.articles :]
    texts = [r["text"] for r in corpus]
    tmp = Path(tempfile.mkdtemp(prefix="claimtrack-throughput-"))
    corpus_path, warmup_path = tmp / "corpus.jsonl", tmp / "warmup.jsonl"
    _write_jsonl(corpus_path, corpus)
    _write_jsonl(warmup_path, warmup)
    print(f"{len(texts)} articles, {sum(map(len, texts)) / len(texts):.0f} characters each on average", flush=True)

    from quotes.nlp import load_pipeline

    nlp = load_pipeline()
    _parse(nlp, texts[:20])  # warm up (lexicon, lazy init)
    parser_s, e2e_s, detail = {}, {}, {}
    for procs in (1, 2):
        parser_s[procs] = _parse_in(nlp, texts, procs)
        print(f"bare nlp.pipe, {procs} process(es): {parser_s[procs]:.1f} s", flush=True)
        e2e_s[procs], detail[procs] = _end_to_end(env, procs, corpus_path, warmup_path, len(texts), args.batch_size)
        print(f"end to end, {procs} worker process(es): {e2e_s[procs]:.1f} s  {detail[procs]}", flush=True)
    profile = _profile(nlp, corpus[: args.profile], args.batch_size)
    n = len(texts)
    profile["queue_and_worker_overhead"] = round(e2e_s[1] * 1000 / n - sum(profile.values()), 2)
    result = {
        "articles": n,
        "mean_chars": round(sum(map(len, texts)) / n),
        "parser_seconds": {str(p): round(s, 2) for p, s in parser_s.items()},
        "end_to_end_seconds": {str(p): round(s, 2) for p, s in e2e_s.items()},
        "articles_per_second": {
            "parser": {str(p): round(n / s, 2) for p, s in parser_s.items()},
            "end_to_end": {str(p): round(n / s, 2) for p, s in e2e_s.items()},
        },
        "ratio_vs_parser": {str(p): round(e2e_s[p] / parser_s[p], 3) for p in (1, 2)},
        "scaling_2_vs_1": round(e2e_s[1] / e2e_s[2], 3),
        "parser_scaling_2_vs_1": round(parser_s[1] / parser_s[2], 3),
        "runs": {str(p): d for p, d in detail.items()},
        "profile_articles": min(args.profile, n),
        "ms_per_article": profile,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    _print(result)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=2), encoding="utf-8")


def _corpus(n: int, seed: int) -> list[dict]:
    from quotes.management.commands.generate_corpus import Plan

    plan = Plan(articles=n, rng=random.Random(seed), end=date(2025, 12, 31))
    plan.build()
    return [
        {"text": text, "outlet": plan.outlets[outlet], "url": f"https://bench.example/{i}", "published": str(day),
         "title": title}
        for i, (outlet, day, title, text, _source) in enumerate(plan.articles)
    ]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _parse(nlp, texts) -> float:
    start = time.perf_counter()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=PARSE_BATCH):
            pass
    return time.perf_counter() - start


def _parse_in(nlp, texts: list[str], procs: int) -> float:
    """Bare parsing with `procs` processes, each with the model already
    loaded (forked after loading), as the workers have it before their
    first task; the texts dealt out in turn."""
    if procs == 1:
        return _parse(nlp, texts)
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_parse, args=(nlp, texts[k::procs])) for k in range(procs)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


def _end_to_end(env, procs, corpus_path, warmup_path, n, batch_size):
    from django.core.management import call_command

    from articles.models import Article

    call_command("flush", interactive=False, verbosity=0)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "claimtrack", "worker", "-Q", env["CELERY_TASK_DEFAULT_QUEUE"],
         "--concurrency", str(procs), "--loglevel", "warning", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", f"{env['CELERY_TASK_DEFAULT_QUEUE']}-{procs}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    finished = [Article.Status.DONE, Article.Status.FAILED]
    try:
        # Warm-up articles: every worker process has loaded spaCy and
        # connected before the clock starts.
        call_command("ingest", str(warmup_path), stdout=io.StringIO())
        _wait(lambda: Article.objects.filter(status__in=finished).count() >= WARMUP, worker, "the warm-up")
        # The backfill runs in a thread of this process: the clock measures
        # the articles, not a second start of Django and spaCy's import
        # (which on a loaded machine takes longer than storing a hundred).
        start = time.perf_counter()
        ingest = _Backfill(corpus_path, batch_size, start)
        ingest.start()
        analyzed = time.perf_counter()
        while Article.objects.filter(status__in=finished).count() < n + WARMUP:
            if time.perf_counter() - analyzed > ANALYZE_EVERY_S:
                _stand_in_for_autoanalyze()
                analyzed = time.perf_counter()
            if worker.poll() is not None:
                raise SystemExit("the worker died")
            if not ingest.is_alive() and ingest.error:
                raise SystemExit(f"the backfill failed: {ingest.error}")
            time.sleep(0.25)
        elapsed = time.perf_counter() - start
        ingest.join(timeout=60)
        stored_s = ingest.finished_at
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
    from quotes.models import Appearance, Quote

    return elapsed, {
        "stored_after_s": round(stored_s or elapsed, 1),
        "failed": Article.objects.filter(status=Article.Status.FAILED).count(),
        "errors": sorted(set(Article.objects.filter(status=Article.Status.FAILED).values_list("error", flat=True)))[:3],
        "appearances": Appearance.objects.count(),
        "quotes": Quote.objects.count(),
    }


def _autovacuum_is_off() -> bool:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW autovacuum")
        return cur.fetchone()[0] == "off"


def _stand_in_for_autoanalyze() -> None:
    """PostgreSQL's autovacuum (on by default, and in production) analyzes a
    table once a tenth of it has changed. Where a server runs with it off
    (this machine's does), a corpus loaded from empty keeps the statistics of
    an empty table, and the planner scans whole tables for the linker's
    lookups (10 ms instead of 1 ms per printing, measured). The bench then
    runs ANALYZE every ANALYZE_EVERY_S seconds in its place."""
    from django.db import connection

    if _autovacuum_is_off():   # a setting can change on a running server, and asking costs nothing
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


class _Backfill(threading.Thread):
    def __init__(self, path, batch_size, start):
        super().__init__(daemon=True)
        self.args, self.start_time = (str(path), "--batch-size", str(batch_size)), start
        self.error, self.finished_at = None, None

    def run(self):
        from django.core.management import call_command
        from django.db import connection

        try:
            call_command("ingest", *self.args, stdout=io.StringIO())
        except Exception as exc:  # reported by the main thread
            self.error = repr(exc)
        finally:
            self.finished_at = time.perf_counter() - self.start_time
            connection.close()


def _profile(nlp, corpus: list[dict], batch_size: int) -> dict:
    """Time each part of one article's path in this process, on the same
    code the worker runs, by wrapping the calls that separate the parts."""
    from django.conf import settings
    from django.core.management import call_command

    from articles.backfill import Record, backfill_store_batch
    from articles.uploads import Limits
    from quotes.nlp import extract as nlp_extract
    from quotes.nlp.lexicon import load_lexicon
    from quotes.services import extraction

    call_command("flush", interactive=False, verbosity=0)
    spent = {"parse": 0.0, "rules": 0.0, "linking": 0.0, "extract_total": 0.0, "store": 0.0}
    limits = Limits(settings.UPLOAD_MAX_FILE_BYTES, None, 0)
    ids = []
    for k in range(0, len(corpus), batch_size):
        records = [
            Record(where=r["url"], name="record.txt", data=r["text"].encode(), source_name=r["url"],
                   outlet=r["outlet"], url=r["url"], published=date.fromisoformat(r["published"]), title=r["title"])
            for r in corpus[k : k + batch_size]
        ]
        t = time.perf_counter()
        ids += backfill_store_batch(records=records, limits=limits, overrides={}, enqueue=False).created
        spent["store"] += time.perf_counter() - t

    lex = load_lexicon()

    def timed_extract(nlp_, text):
        t0 = time.perf_counter()
        plan = nlp_extract.plan_article(text, lex)
        with nlp_.memory_zone():
            t1 = time.perf_counter()
            docs = list(nlp_.pipe(plan.parse_texts, batch_size=64))
            t2 = time.perf_counter()
            result = nlp_extract.analyse(plan, docs, lex)
        t3 = time.perf_counter()
        spent["parse"] += t2 - t1
        spent["rules"] += (t1 - t0) + (t3 - t2)
        return result

    def timed(fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent["linking"] += time.perf_counter() - t

        return wrapper

    saved = extraction.extract_article, extraction.quote_for_printing, extraction.article_link_fragments
    extraction.extract_article = timed_extract
    extraction.quote_for_printing = timed(saved[1])
    extraction.article_link_fragments = timed(saved[2])
    try:
        for k, article_id in enumerate(ids):
            if k % 25 == 0:
                _stand_in_for_autoanalyze()   # outside the timed part
            t = time.perf_counter()
            extraction.article_extract(article_id=article_id, nlp=nlp)
            spent["extract_total"] += time.perf_counter() - t
    finally:
        extraction.extract_article, extraction.quote_for_printing, extraction.article_link_fragments = saved
    n = max(1, len(ids))
    database = spent["extract_total"] - spent["parse"] - spent["rules"] - spent["linking"]
    return {
        "parse": round(spent["parse"] * 1000 / n, 2),
        "rules": round(spent["rules"] * 1000 / n, 2),
        "linking": round(spent["linking"] * 1000 / n, 2),
        "database": round(database * 1000 / n, 2),
        "store": round(spent["store"] * 1000 / n, 2),
    }


def _wait(predicate, worker, what, timeout=600):
    deadline = time.monotonic() + timeout
    while not predicate():
        if worker.poll() is not None:
            raise SystemExit(f"the worker died during {what}")
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.25)


def _print(r):
    print(f"\n{r['articles']} articles ({r['mean_chars']} characters on average); figures are noisy on a shared machine")
    for p in ("1", "2"):
        print(f"  {p} process(es): parser {r['articles_per_second']['parser'][p]} articles/s, "
              f"end to end {r['articles_per_second']['end_to_end'][p]} articles/s, "
              f"ratio {r['ratio_vs_parser'][p]} (target <= 1.3)")
    print(f"  2 processes vs 1: end to end {r['scaling_2_vs_1']}x (target >= 1.8); "
          f"the parser alone {r['parser_scaling_2_vs_1']}x")
    parts = ", ".join(f"{k} {v} ms" for k, v in r["ms_per_article"].items())
    print(f"  per article ({r['profile_articles']} profiled): {parts}")


if __name__ == "__main__":
    main()
