"""`manage.py ingest` of a directory, a zip or a JSON-lines file: a streamed,
resumable backfill that reports bad records and stores the rest."""
import ast
import base64
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from articles.backfill import BadRecord, backfill_records
from articles.models import Article, UploadOriginal

from .conftest import FIXTURES, SEEDS

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


def _article(i: int) -> str:
    return (
        f"Article {i} of the archive.\n\n"
        f"“We will rebuild the bridge number {i} before the winter,” the mayor, Anna Novak, said on Monday.\n"
    )


@pytest.fixture
def archive(tmp_path):
    html = (FIXTURES / "news_article.html").read_text(encoding="utf-8")
    lines = [
        _line(text=SEED_TEXTS[0], outlet="Wire One", url="https://wire.example/a", published="2025-03-01"),
        _line(html=html, outlet="Wire Two", url="https://two.example/bridge", published="2025-03-02"),
        "{not json\n",  # line 3
        _line(outlet="Wire One", url="https://wire.example/none"),  # line 4: no text
        _line(text=SEED_TEXTS[1], published="March 3rd"),  # line 5
        _line(text=SEED_TEXTS[1], url="ftp://wire.example/x"),  # line 6
        "\n",  # blank: ignored, not a record
        _line(text=SEED_TEXTS[0], outlet="Copycat", url="https://copy.example/1"),  # line 8: same text as line 1
        _line(text=SEED_TEXTS[2], outlet="Wire One", url="https://wire.example/a"),  # line 9: same URL as line 1
        _line(text="   ", outlet="Wire One"),  # line 10: empty
        _line(text=SEED_TEXTS[3], outlet="Wire Three", name="wire3-0042.txt", published="2025-03-04"),
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_jsonl_stores_good_records_and_names_each_bad_one(archive, capsys, enqueued):
    with pytest.raises(CommandError, match="5 bad record"):
        call_command("ingest", str(archive), "--batch-size", "3")
    out, err = capsys.readouterr()
    assert "backfill: 10 record(s): 3 new, 2 already ingested (1 by URL, 1 by content), 5 bad" in out
    for line, why in [(3, "not valid JSON"), (4, 'needs exactly one of "text" and "html"'),
                      (5, "published 'March 3rd' is not a YYYY-MM-DD date"), (6, "url 'ftp://wire.example/x' is not an http(s) URL"),
                      (10, '"text" is empty')]:
        assert f"{archive}:{line}: {why}" in err, err
    assert "10/10" in err and "article/s" in err  # the progress bar, with its rate

    first = Article.objects.get(url="https://wire.example/a")
    assert first.text == SEED_TEXTS[0] and first.outlet.name == "Wire One"
    assert first.published == date(2025, 3, 1) and first.source_name == "https://wire.example/a"
    page = Article.objects.get(url="https://two.example/bridge")
    assert page.title == "Harbour bridge reopens after two years of repairs" and "<" not in page.text
    named = Article.objects.get(source_name="wire3-0042.txt")
    assert (named.outlet.name, named.url, named.text) == ("Wire Three", None, SEED_TEXTS[3])
    assert Article.objects.count() == 3 and sorted(enqueued) == sorted(Article.objects.values_list("id", flat=True))
    assert UploadOriginal.objects.count() == 3  # the bytes as given, as for an upload


@pytest.mark.django_db
def test_running_it_again_changes_nothing(archive, capsys, enqueued):
    with pytest.raises(CommandError):
        call_command("ingest", str(archive))
    rows = list(Article.objects.order_by("id").values())
    sent = list(enqueued)
    with pytest.raises(CommandError):
        call_command("ingest", str(archive))
    assert "0 new, 5 already ingested (3 by URL, 2 by content), 5 bad" in capsys.readouterr().out
    assert list(Article.objects.order_by("id").values()) == rows and enqueued == sent


@pytest.mark.django_db
def test_directory_and_zip_are_walked_in_order_with_manifest(tmp_path, capsys, enqueued):
    folder = tmp_path / "archive"
    (folder / "2025" / "03").mkdir(parents=True)
    (folder / "2025" / "03" / "b.txt").write_text(SEED_TEXTS[1], encoding="utf-8")
    (folder / "2025" / "a.txt").write_text(SEED_TEXTS[0], encoding="utf-8")
    (folder / "photo.png").write_bytes((FIXTURES / "image.png").read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"a.txt": {"outlet": "Folder Post", "url": "https://f.example/a",
                                                                "published": "2025-01-02"}}))
    bundle = tmp_path / "more.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("c.txt", SEED_TEXTS[2])
        zf.writestr("inner.zip", b"PK\x03\x04 not really")
        zf.writestr("manifest.json", json.dumps({"c.txt": {"outlet": "Zip Times"}}))
    with pytest.raises(CommandError, match="2 bad record"):
        call_command("ingest", str(folder), str(bundle), "--batch-size", "2")
    out, err = capsys.readouterr()
    assert "backfill: 5 record(s): 3 new" in out
    assert f"{folder / 'photo.png'}: not a .txt" in err and f"{bundle}/inner.zip: is an archive inside" in err
    a = Article.objects.get(source_name="a.txt")
    assert (a.outlet.name, a.url, a.published) == ("Folder Post", "https://f.example/a", date(2025, 1, 2))
    assert Article.objects.get(source_name="c.txt").outlet.name == "Zip Times"
    assert Article.objects.get(source_name="b.txt").text == SEED_TEXTS[1]


@pytest.mark.django_db
def test_flags_that_name_one_article_are_refused_for_a_backfill(archive, enqueued):
    with pytest.raises(CommandError, match="--url names one article"):
        call_command("ingest", str(archive), "--url", "https://x.example/")
    with pytest.raises(CommandError, match="--wait does not apply"):
        call_command("ingest", str(archive), "--wait")
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_outlet_and_date_flags_override_every_record(archive, enqueued):
    with pytest.raises(CommandError):
        call_command("ingest", str(archive), "--outlet", "Backfill Wire", "--published", "2020-02-02")
    assert set(Article.objects.values_list("outlet__name", "published")) == {("Backfill Wire", date(2020, 2, 2))}


def test_records_are_read_one_at_a_time(tmp_path):
    # 40 MB of input; reading it whole would trace at least that much.
    path = tmp_path / "big.jsonl"
    body = "x" * 4000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(10_000):
            fh.write(_line(text=f"{i} {body}", url=f"https://big.example/{i}"))
    tracemalloc.start()
    try:
        n = sum(1 for r in backfill_records([path]) if not isinstance(r, BadRecord))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 10_000 and peak < 2_000_000, peak


def _ingest(path: Path, env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(path), *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _sent_ids(client, queue: str) -> list[int]:
    ids = []
    for raw in client.lrange(queue, 0, -1):
        message = json.loads(raw)
        args = message["headers"].get("argsrepr")
        if args is None:
            args = repr(json.loads(base64.b64decode(message["body"]))[0])
        # A group's task carries a list of ids, the single task one id.
        (arg,) = ast.literal_eval(args)
        ids += arg if isinstance(arg, list) else [arg]
    return ids


@pytest.mark.django_db(transaction=True)
def test_a_killed_backfill_resumes_and_stores_every_article_once(tmp_path):
    n = 600  # enough that the run is still going when the test sees a quarter stored
    path = tmp_path / "archive.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(_line(text=_article(i), outlet=f"Outlet {i % 4}", url=f"https://a.example/{i}",
                           published="2025-05-01"))
    db = connection.settings_dict
    queue = f"test-backfill-{uuid.uuid4().hex[:8]}"
    # A queue of its own on the broker: no worker takes these messages, and
    # the test reads them to check nothing was sent twice.
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="claimtrack.settings_test", CELERY_TASK_DEFAULT_QUEUE=queue,
        DATABASE_URL=f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        proc = _ingest(path, env, "--batch-size", "5")
        deadline = time.monotonic() + 120
        while Article.objects.count() < n // 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        stored = Article.objects.count()
        assert proc.returncode == -signal.SIGKILL and 0 < stored < n, (proc.returncode, stored)

        proc = _ingest(path, env, "--batch-size", "5")
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        new = n - stored
        assert f"backfill: {n} record(s): {new} new, {stored} already ingested ({stored} by URL" in out, out

        urls = list(Article.objects.values_list("url", flat=True))
        assert sorted(urls) == sorted(f"https://a.example/{i}" for i in range(n))  # each once
        texts = set(Article.objects.values_list("text", flat=True))
        assert texts == {_article(i) for i in range(n)}
        sent = _sent_ids(client, queue)
        # Never sent twice. A kill between a batch's commit and its sends
        # leaves those articles queued but unsent: the stale sweep's job.
        assert len(sent) == len(set(sent)) and set(sent) <= set(Article.objects.values_list("id", flat=True))
        assert len(sent) >= n - stored
    finally:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
