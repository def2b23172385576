"""Load: 20 concurrent readers over the pages and API while 1,000 articles
are ingested through the worker. Bounded in requests and time; 127.0.0.1 only."""
import random
import statistics
import threading
import time

import pytest

from articles.models import Article

from .procs import ROOT, Browser, WebServer, Worker, app_env, manage, wait_until
from .test_faults import _test_db_url

pytestmark = [pytest.mark.faults]
READERS = 20
ARTICLES = 1000
PASSWORD = "load-demo-pass-1"
PATHS = ["/speakers/", "/api/speakers/", "/api/quotes/"]
SPEAKERS = [("Ana Ruiz", "the foreign minister"), ("Tomas Berg", "the central bank governor"),
            ("Lena Okafor", "the mayor"), ("Mikko Salo", "the party leader"), ("Grace Chen", "the general")]
CLAIMS = [
    "we will not accept any deal that ignores the people on the ground",
    "the budget must be balanced before the end of the year",
    "our partners need to step up and carry more of the burden",
    "this is a recognition of the hard realities we face",
    "there will be no retreat from the reforms we promised",
]


def _write_corpus(folder, n):
    rng = random.Random(7)
    for i in range(n):
        name, role = SPEAKERS[rng.randrange(len(SPEAKERS))]
        claim = CLAIMS[rng.randrange(len(CLAIMS))]
        body = (
            f"Synthetic report {i}, written for load testing.\n\n{name}, {role}, spoke on day {i}.\n\n"
            f"“{claim.capitalize()},” {name.split()[-1]} said. “We said so on day {i} and we mean it.”\n\n"
            f"Critics said plan number {i} would fail."
        )
        (folder / f"synthetic_{i:04d}.txt").write_text(body, encoding="utf-8")


def _readers(url, *, max_requests):
    """Start READERS logged-in threads; returns (stop, latencies, errors, threads)."""
    stop, latencies, errors = threading.Event(), [], []

    def loop(reader):
        for n in range(max_requests):
            if stop.is_set():
                return
            path = PATHS[n % len(PATHS)]
            started = time.perf_counter()
            code = reader.status(path)
            latencies.append(time.perf_counter() - started)
            if code != 200:
                errors.append((path, code))

    threads = [threading.Thread(target=loop, args=(Browser(url).login("journalist", PASSWORD),)) for _ in range(READERS)]
    for t in threads:
        t.start()
    return stop, latencies, errors, threads


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


@pytest.mark.django_db(transaction=True)
def test_readers_under_ingest_load(tmp_path):
    env = app_env(DATABASE_URL=_test_db_url(), DEMO_PASSWORD=PASSWORD)
    manage("setup_roles", "--demo", env=env)
    manage("ingest", *map(str, sorted((ROOT / "seeds").glob("*.txt"))), "--sync", env=env)
    worker = Worker(env, nice=10)
    server = WebServer(dict(env, CELERY_TASK_DEFAULT_QUEUE=worker.queue))
    try:
        # Idle baseline: the same readers, nothing being ingested.
        _, idle, idle_errors, threads = _readers(server.url, max_requests=15)
        for t in threads:
            t.join(timeout=300)

        _write_corpus(tmp_path, ARTICLES)
        worker.start()
        manage("ingest", str(tmp_path), "--outlet", "Load Test Wire", env=worker.env, timeout=600)
        stop, busy, busy_errors, threads = _readers(server.url, max_requests=2_000)
        try:
            wait_until(lambda: not Article.objects.filter(status__in=["queued", "processing"]).exists(),
                       timeout=900, interval=2, what="the ingest to finish")
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
    finally:
        worker.stop()
        server.stop()

    idle_p95, busy_p95 = _p95(idle), _p95(busy)
    print(
        f"\nLOAD {READERS} readers | idle: {len(idle)} requests, p95 {idle_p95 * 1000:.1f} ms | "
        f"during ingest of {ARTICLES} articles: {len(busy)} requests, p95 {busy_p95 * 1000:.1f} ms | "
        f"p95 ratio {busy_p95 / idle_p95:.2f} | errors {len(idle_errors) + len(busy_errors)}"
    )
    assert idle_errors == [] and busy_errors == []
    assert not Article.objects.filter(status__in=["queued", "processing", "failed"]).exists()
    assert Article.objects.filter(status="done").count() == ARTICLES + 5
    assert busy_p95 <= 2 * idle_p95
