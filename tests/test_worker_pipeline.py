"""The five seeds through a real Celery worker process (not eager mode)."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from claimtrack.celery import app as celery_app
from quotes.models import Quote

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def worker_queue(transactional_db):
    """A real worker on a queue of its own, reading the test database.

    The queue is unique so that no other worker on the shared broker can take
    these tasks, and this worker takes no one else's."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="claimtrack.settings_test",
        DATABASE_URL=f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "claimtrack", "worker", "-Q", queue,
         "--concurrency", "1", "--loglevel", "warning", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield proc
    finally:
        celery_app.conf.task_default_queue = previous
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.worker
def test_seeds_through_real_worker(worker_queue):
    call_command("ingest", *map(str, SEEDS), "--manifest", str(ROOT / "seeds" / "manifest.json"), "--wait", "--timeout", "300")

    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {Article.Status.DONE}, worker_queue.stdout.read() if worker_queue.poll() is not None else statuses
    assert Article.objects.count() == 5
    for surname in ["Hegseth", "Trump", "Healey", "Rutte", "Bessent"]:
        n = Quote.objects.filter(speaker__name__iendswith=surname).count()
        assert n > 0, f"no quotes for {surname}"
