"""Page speed must not grow with the corpus.

Builds two synthetic corpora (`manage.py generate_corpus`) in dedicated
benchmark databases, one of --small articles (default 1k) and one of
--large (default 20k, over 100k quotes), then requests the same pages from
both in alternation, in-process with Django's test Client (logged in once
per corpus, no network), and prints for each page p50 and p95 in ms at each
size and p95_ratio = p95 large / p95 small (target <= 1.5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench \\
        .venv/bin/python bench/pages.py [--small 1000] [--large 20000] [--rounds 40] [--json PATH] [--keep]

The databases are <name>_pages_small and <name>_pages_large, where <name>
comes from DATABASE_URL (it must contain "bench"); they are created, and
dropped at the end unless --keep. A kept corpus is reused when the stamp
generate_corpus wrote with it (the generator's version, size, seed and end
date) matches, and rebuilt in a new database otherwise.
"""
import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchdb import bench_name  # bench/ is the script folder, so on sys.path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench")
# Production-like: DEBUG off (no query log), the test settings' secrets and hosts.
os.environ["DJANGO_SETTINGS_MODULE"] = "claimtrack.settings_test"
os.environ.pop("DJANGO_DEBUG", None)

WARM = 3
END = date(2025, 12, 31)
# Broad, phrase, filtered and misspelt: the p95 covers the slowest kind.
SEARCHES = [
    "war",
    "this war must and will end soon",
    "negotiations Ukraine",
    "Minks 3.0",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--json", dest="json_path")
    ap.add_argument("--keep", action="store_true", help="keep the databases (and reuse them next time)")
    args = ap.parse_args()

    name = bench_name(os.environ["DATABASE_URL"])
    dbs = {"small": f"{name}_pages_small", "large": f"{name}_pages_large"}
    sizes = {"small": args.small, "large": args.large}
    import django

    django.setup()
    t0 = time.perf_counter()
    corpora = {}
    try:
        for size in ("small", "large"):
            corpora[size] = Corpus(dbs[size], sizes[size])
        build_s = time.perf_counter() - t0
        result = {**measure(corpora, args.rounds), "build_seconds": round(build_s, 1)}
    finally:
        for corpus in corpora.values():
            corpus.close()
        if not args.keep:
            for db in dbs.values():
                _drop(db)

    small, large = result["corpus"]["small"], result["corpus"]["large"]
    print(f"corpus: {small['articles']} articles / {small['quotes']} quotes vs {large['articles']} articles / "
          f"{large['quotes']} quotes; built in {result['build_seconds']:.0f} s")
    print(f"{'page':<16} {'p50 small':>10} {'p95 small':>10} {'p50 large':>10} {'p95 large':>10} {'p95 ratio':>10}")
    for page, row in result["pages"].items():
        print(f"{page:<16} {row['small']['p50_ms']:>10.1f} {row['small']['p95_ms']:>10.1f} "
              f"{row['large']['p50_ms']:>10.1f} {row['large']['p95_ms']:>10.1f} {row['p95_ratio']:>10.2f}")
    print(f"search p95: {result['pages']['search']['small']['p95_ms']:.1f} ms at {small['articles']} articles, "
          f"{result['pages']['search']['large']['p95_ms']:.1f} ms at {large['articles']} articles")
    worst = max(row["p95_ratio"] for row in result["pages"].values())
    print(f"worst p95_ratio {worst:.2f} (target <= 1.5)")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=1), encoding="utf-8")


def measure(corpora: dict, rounds: int) -> dict:
    """p50 and p95 of every page in the "small" and the "large" corpus, and
    their ratios (large / small)."""
    pages = list(corpora["small"].urls)
    timings = {p: {"small": [], "large": []} for p in pages}
    for i in range(rounds + WARM):
        # Alternate which corpus goes first, so drift on a shared machine hits both.
        order = ("small", "large") if i % 2 == 0 else ("large", "small")
        for page in pages:
            for size in order:
                elapsed = corpora[size].get(page, i)
                if i >= WARM:
                    timings[page][size].append(elapsed)
    result = {"pages": {}, "corpus": {}, "rounds": rounds}
    for size, corpus in corpora.items():
        result["corpus"][size] = corpus.stats
    for page in pages:
        row = {}
        for size in ("small", "large"):
            times = sorted(timings[page][size])
            row[size] = {"p50_ms": round(statistics.median(times) * 1000, 2), "p95_ms": round(_p95(times) * 1000, 2)}
        row["p95_ratio"] = round(row["large"]["p95_ms"] / row["small"]["p95_ms"], 3)
        row["p50_ratio"] = round(row["large"]["p50_ms"] / row["small"]["p50_ms"], 3)
        row["url_example"] = corpora["large"].example(page)
        result["pages"][page] = row
    return result


def _p95(times):
    return times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]


def _admin():
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    return psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )


def _create(db):
    with _admin() as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            admin.execute(f'CREATE DATABASE "{db}"')


def _drop(db):
    for wrapper in _wrappers.values():
        wrapper.close()
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


_wrappers = {}


def _use(db):
    """Make `db` the default database. Each corpus keeps its own open
    connection, so alternating between them costs no reconnect and both
    backends stay warm."""
    from django.db import connections
    from django.db.utils import load_backend

    if db not in _wrappers:
        settings_dict = {**connections["default"].settings_dict, "NAME": db}
        _wrappers[db] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = _wrappers[db]


class Corpus:
    def __init__(self, db: str, articles: int):
        from django.core.management import call_command

        from quotes.management.commands.generate_corpus import corpus_stamp, read_corpus_stamp

        self.db = db
        _create(db)
        _use(db)
        call_command("migrate", verbosity=0)
        want = corpus_stamp(articles=articles, end=END.isoformat())
        # A kept corpus is reused only when the generator and its arguments
        # are those of now (the stamp generate_corpus writes with it).
        self.reused = read_corpus_stamp() == want
        self.build_seconds = None
        if not self.reused:
            # Into a new database: dropping an old corpus is faster than
            # deleting it row by row, and its indexes start small.
            _drop(db)
            _create(db)
            call_command("migrate", verbosity=0)
            t = time.perf_counter()
            call_command("generate_corpus", articles=articles, end=END.isoformat())
            self.build_seconds = round(time.perf_counter() - t, 1)
            print(f"{db}: built in {self.build_seconds:.0f} s", flush=True)
        call_command("setup_roles", verbosity=0)
        self._login()
        self._choose()

    def _login(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.test import Client

        user, _ = get_user_model().objects.get_or_create(username="bench-journalist")
        user.groups.add(Group.objects.get(name="journalist"))
        self.client = Client()
        self.client.force_login(user)

    def _choose(self):
        """The same kind of target in both corpora: the most quoted speaker,
        a quote printed three times, the first outlet."""
        from articles.models import Outlet
        from quotes.models import Appearance, Quote, Speaker

        speaker = Speaker.objects.order_by("-quote_count", "id").first()
        quote = Quote.objects.filter(appearance_count=3, hidden=False).order_by("id").first()
        outlet = Outlet.objects.order_by("name").first()
        article = Appearance.objects.filter(quote=quote).values_list("article_id", flat=True).first()
        since = (END - timedelta(days=30)).isoformat()
        # People and words: the speaker's surname with a word, misspelt (two
        # inner letters swapped), alone, and the speaker filter by name.
        surname = speaker.name.split()[-1]
        typo = surname[:2] + surname[3] + surname[2] + surname[4:] if len(surname) > 4 else surname
        people = [f"{surname} war", f"{typo} negotiations", surname, "Ukriane ceasefire"]
        self.urls = {
            "speaker_page": [f"/speakers/{speaker.slug}/"],
            "speaker_reach": [f"/speakers/{speaker.slug}/?sort=reach&kind=direct"],
            "directory": ["/speakers/"],
            "front_page": ["/", "/?window=24h", "/?window=30d"],
            "quote_page": [f"/quotes/{quote.id}/"],
            "search": [f"/search/?q={q.replace(' ', '+')}" for q in SEARCHES],
            "people_search": [f"/search/?{urlencode({'q': q})}" for q in people]
            + [f"/search/?{urlencode({'q': 'war', 'speaker': speaker.name})}"],
            "api_list": [f"/api/quotes/?speaker={speaker.slug}&since={since}"],
            "api_search": [f"/api/search/?q={q.replace(' ', '+')}" for q in SEARCHES],
            "outlet_page": [f"/outlets/{outlet.slug}/"],
            "article_page": [f"/articles/{article}/"],
        }
        self.stats = {
            "articles": Appearance.objects.values("article_id").distinct().count(),
            "quotes": Quote.objects.count(),
            "speaker_quotes": speaker.quote_count,
        }

    def slowest_query(self, page) -> dict:
        """One request of the page's first URL: its slowest query, and the
        plan PostgreSQL runs it with (EXPLAIN ANALYZE)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        _use(self.db)
        with CaptureQueriesContext(connection) as captured:
            self.get(page, 0)
        # Each read again under EXPLAIN ANALYZE: the server's own execution
        # time picks the slowest, not the client's clock on a busy machine.
        # Only statements EXPLAIN takes (not the session's SET or a savepoint).
        plans = []
        with connection.cursor() as cur:
            for q in captured.captured_queries:
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plan = [row[0] for row in cur.fetchall()]
                    ms = float(plan[-1].split(":")[1].split()[0]) if plan[-1].startswith("Execution Time") else 0.0
                    plans.append((ms, q["sql"], plan))
        if not plans:
            return {"queries": len(captured.captured_queries)}
        ms, sql, plan = max(plans, key=lambda p: p[0])
        return {"queries": len(captured.captured_queries), "slowest_ms": round(ms, 1), "sql": sql, "plan": plan}

    def example(self, page):
        return self.urls[page][0]

    def get(self, page, i):
        _use(self.db)
        urls = self.urls[page]
        url = urls[i % len(urls)]
        start = time.perf_counter()
        response = self.client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code} in {self.db}")
        return elapsed

    def close(self):
        _wrappers[self.db].close()


if __name__ == "__main__":
    main()
