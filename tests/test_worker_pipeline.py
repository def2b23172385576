"""The five seeds through a real Celery worker process (not eager mode) give
the same rows, printing for printing, as the synchronous `ingest --sync`."""
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
from quotes.models import Appearance

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


def _rows():
    """Every printing, keyed by (file, start), with what extraction,
    attribution and linking made of it; ids differ between runs, so the
    quote a printing belongs to is named by its fellow printings."""
    printings = list(
        Appearance.objects.select_related("article", "quote__speaker").order_by("article__source_name", "start")
    )
    fellows = {}
    for a in printings:
        fellows.setdefault(a.quote_id, []).append((a.article.source_name, a.start))
    return {
        (a.article.source_name, a.start): {
            "spans": a.spans, "text": a.text, "kind": a.kind, "cue": a.cue, "as_written": a.speaker_as_written,
            "speaker": a.quote.speaker.name if a.quote.speaker else None,
            "quote": a.quote.text, "quote_kind": a.quote.kind, "linked_with": fellows[a.quote_id],
            "outlets": a.quote.outlet_count,
        }
        for a in printings
    }


@pytest.mark.worker
def test_seeds_through_real_worker_match_the_synchronous_run(worker_queue):
    args = (*map(str, SEEDS), "--manifest", str(ROOT / "seeds" / "manifest.json"))
    call_command("ingest", *args, "--wait", "--timeout", "300")

    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {Article.Status.DONE}, worker_queue.stdout.read() if worker_queue.poll() is not None else statuses
    assert Article.objects.count() == 5
    through_worker = _rows()
    assert len({row["speaker"] for row in through_worker.values()}) > 5 and len(through_worker) > 50

    # The same files, extracted in this process on an empty database.
    call_command("flush", "--no-input", verbosity=0)
    call_command("ingest", *args, "--sync")
    in_process = _rows()

    assert through_worker.keys() == in_process.keys()
    differ = [key for key in through_worker if through_worker[key] != in_process[key]]
    assert not differ, [(key, through_worker[key], in_process[key]) for key in differ[:3]]


@pytest.mark.worker
def test_a_backfill_in_groups_through_a_real_worker_matches_the_synchronous_run(worker_queue, settings):
    # A folder is a backfill: its articles reach the worker in groups (the
    # group task), here of 2 and 3, parsed together and written one by one.
    settings.EXTRACTION_GROUP_ARTICLES = 3
    call_command("ingest", str(ROOT / "seeds"))
    deadline = time.monotonic() + 300   # a backfill does not wait; follow the statuses
    while Article.objects.exclude(status=Article.Status.DONE).exists() and time.monotonic() < deadline:
        assert worker_queue.poll() is None, worker_queue.stdout.read()
        time.sleep(0.5)

    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {Article.Status.DONE}, statuses
    assert Article.objects.filter(attempts=1).count() == 5   # none fell back to a task of its own
    through_worker = _rows()

    call_command("flush", "--no-input", verbosity=0)
    call_command("ingest", *map(str, SEEDS), "--manifest", str(ROOT / "seeds" / "manifest.json"), "--sync")
    in_process = _rows()

    assert through_worker.keys() == in_process.keys()
    differ = [key for key in through_worker if through_worker[key] != in_process[key]]
    assert not differ, [(key, through_worker[key], in_process[key]) for key in differ[:3]]
