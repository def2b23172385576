"""Where an article's database time goes, against a corpus of realistic size.

Loads a synthetic corpus (`generate_corpus`, --corpus articles) into the
database once, then writes N new articles' extractions onto it
(`article_apply_extraction`: speakers, linking, printings, derived data)
and prints, per article, the statements it sent (grouped by their first
words) with their count and time. The parse runs first, outside the
measurement. Everything the new articles write is rolled back at the end,
so runs before and after a change see the same corpus; the first run pays
for the corpus.

  queries_per_article   statements per article, mean and maximum (noise-free)
  ms_per_article        time in article_apply_extraction, mean; of it, linking
                        (quote_for_printing and article_link_fragments, as
                        bench/throughput.py counts it) with its statements
  --results PATH        the quotes, links and speakers the new articles got,
                        as JSON: two runs (before and after a change) that
                        must give the same results are compared with diff
  --profile PATH        cProfile of the linking calls only, for pstats

usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench \\
      .venv/bin/python bench/ingest_queries.py [--corpus 20000] [--articles 30] [--results PATH]

The database is DATABASE_URL's name + "_queries" (created if missing; the
name must contain "bench").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from benchdb import create_database  # bench/ is the script folder, so on sys.path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "claimtrack.settings_test"


class _Rollback(Exception):
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=int, default=20000, help="articles in the synthetic corpus")
    ap.add_argument("--articles", type=int, default=30, help="new articles measured")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--results", help="write the new articles' quotes, links and speakers here (JSON)")
    ap.add_argument("--profile", help="write a cProfile of the linking calls here")
    ap.add_argument("--top", type=int, default=25, help="statement groups shown")
    args = ap.parse_args()

    url = os.environ["DATABASE_URL"].split("?")[0] + "_queries"
    create_database(url)
    os.environ["DATABASE_URL"] = url
    import subprocess

    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from django.db.models import Max

    from articles.models import Article
    from quotes.models import Speaker
    from quotes.nlp import extract_article, load_pipeline
    from quotes.services.extraction import article_apply_extraction
    from throughput import _corpus

    have = Article.objects.filter(source_name__startswith="synthetic-").count()
    if have != args.corpus:
        print(f"loading a synthetic corpus of {args.corpus} articles (once) ...", flush=True)
        call_command("generate_corpus", articles=args.corpus, replace=True)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    records = _corpus(args.articles, args.seed)
    nlp = load_pipeline()
    extractions = [extract_article(nlp, r["text"]) for r in records]
    per_article, totals, times, results = [], Counter(), defaultdict(float), {}
    elapsed = []
    linking = _Linking(connection, profile=bool(args.profile))
    try:
        with transaction.atomic(), linking:
            first_speaker = (Speaker.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            ids = _store(records)
            for article_id, extraction in zip(ids, extractions):
                Article.objects.filter(id=article_id).update(status=Article.Status.PROCESSING)
                with CaptureQueriesContext(connection) as ctx:
                    t = time.perf_counter()
                    article_apply_extraction(article_id=article_id, extraction=extraction)
                    elapsed.append(time.perf_counter() - t)
                # Less the savepoint this run's outer transaction turns the
                # service's own transaction into (a worker sends BEGIN/COMMIT,
                # which are not logged).
                queries = ctx.captured_queries[1:-1]
                per_article.append(len(queries))
                for q in queries:
                    key = _shape(q["sql"])
                    totals[key] += 1
                    times[key] += float(q["time"])
            if args.results:
                results = {"quotes": _results(ids), "new_speakers": _new_speakers(first_speaker)}
            raise _Rollback
    except _Rollback:
        pass

    n = len(per_article)
    print(f"\n{n} new articles on a corpus of {args.corpus}")
    print(f"  queries per article: mean {sum(per_article) / n:.1f}, max {max(per_article)}")
    print(f"  ms per article in article_apply_extraction: {sum(elapsed) * 1000 / n:.1f}")
    print(f"    of which linking: {linking.seconds * 1000 / n:.1f} ms, {linking.statements / n:.1f} statements")
    print("  per article: count  ms  statement")
    for key, count in sorted(totals.items(), key=lambda kv: -times[kv[0]])[: args.top]:
        print(f"  {count / n:6.1f} {times[key] * 1000 / n:7.2f}  {key}")
    if args.profile:
        linking.profiler.dump_stats(args.profile)
    if args.results:
        Path(args.results).write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")


class _Linking:
    """Times the linking calls (as bench/throughput.py does: quote_for_printing
    and article_link_fragments, their SQL included) and counts the statements
    they send; optionally profiles them."""

    def __init__(self, connection, *, profile: bool):
        import cProfile

        self.connection = connection
        self.seconds = 0.0
        self.statements = 0
        self.profiler = cProfile.Profile() if profile else None
        self._inside = False

    def __enter__(self):
        from quotes.services import extraction

        self._saved = extraction.quote_for_printing, extraction.article_link_fragments
        extraction.quote_for_printing = self._timed(self._saved[0])
        extraction.article_link_fragments = self._timed(self._saved[1])
        self._wrapper = self.connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        from quotes.services import extraction

        self._wrapper.__exit__(*exc)
        extraction.quote_for_printing, extraction.article_link_fragments = self._saved
        return False

    def _count(self, execute, sql, params, many, context):
        self.statements += self._inside
        return execute(sql, params, many, context)

    def _timed(self, fn):
        def wrapper(*a, **kw):
            self._inside = True
            if self.profiler:
                self.profiler.enable()
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.seconds += time.perf_counter() - t
                if self.profiler:
                    self.profiler.disable()
                self._inside = False

        return wrapper


def _store(records) -> list[int]:
    from django.conf import settings

    from articles.backfill import Record, backfill_store_batch
    from articles.uploads import Limits

    batch = [
        Record(where=r["url"], name="record.txt", data=r["text"].encode(), source_name=r["url"], outlet=r["outlet"],
               url=r["url"], published=date.fromisoformat(r["published"]), title=r["title"])
        for r in records
    ]
    limits = Limits(settings.UPLOAD_MAX_FILE_BYTES, None, 0)
    return backfill_store_batch(records=batch, limits=limits, overrides={}, enqueue=False).created


def _shape(sql: str) -> str:
    """A statement's kind: its first words and the tables it names."""
    if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
        return sql.split()[0] + " (savepoints)"
    head = " ".join(sql.split()[:2])
    tables = sorted(set(re.findall(r'"?(quotes_\w+|articles_\w+)"?', sql)))
    return f"{head[:40]} [{', '.join(tables)}]"[:110]


def _new_speakers(first_id: int) -> list:
    """The speakers the new articles made, in the order they were made, with
    their aliases."""
    from quotes.models import Speaker

    return [
        [s.name, s.slug, s.is_group, s.source_kind, sorted(s.aliases.values_list("key", flat=True))]
        for s in Speaker.objects.filter(id__gte=first_id).order_by("id")
    ]


def _results(ids: list[int]) -> dict:
    """What the new articles got, in terms that do not depend on the ids a
    run happened to assign: each printing's quote as the set of printings
    (article URL or corpus id, offset) it shares a quote with, its wording
    and its speaker."""
    from quotes.models import Appearance

    def where(a):
        return f"{a.article.url or a.article_id}@{a.start}"

    rows = Appearance.objects.filter(quote__appearances__article_id__in=ids).distinct().select_related(
        "article", "quote__speaker"
    )
    by_quote = defaultdict(list)
    for a in rows:
        by_quote[a.quote_id].append(a)
    out = {}
    for printings in by_quote.values():
        quote = printings[0].quote
        out[min(where(a) for a in printings)] = {
            "printings": sorted(where(a) for a in printings),
            "text": quote.text,
            "kind": quote.kind,
            "speaker": quote.speaker.name if quote.speaker else None,
            "speaker_slug": quote.speaker.slug if quote.speaker else None,
            "appearance_count": quote.appearance_count,
            "outlet_count": quote.outlet_count,
            "misquoted": sorted(where(a) for a in printings if a.misquoted),
            "confidence": round(quote.attribution_confidence, 4),
        }
    return out


if __name__ == "__main__":
    main()
