"""The broker goes away mid-upload: the article is saved and queued, the
answer comes fast and says the worker is unavailable, and the sweep sends it
once Redis is back. Uses a throwaway redis-server of its own: the shared one
on :6379 serves other engineers."""
import ast
import json
import socket
import subprocess
import threading
import time

import pytest
from kombu import pools as kombu_pools
import redis
from django.core.management import call_command
from rest_framework.test import APIClient

from articles.models import Article
from claimtrack.celery import app as celery_app

REAL_BROKER = True  # see conftest.enqueued
pytestmark = pytest.mark.django_db
URL = "/api/articles/"
FAST = 3.0  # seconds an upload may take with the broker down


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayRedis:
    def __init__(self, tmp_path):
        self.port, self.dir, self.proc = _free_port(), tmp_path, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise TimeoutError("redis-server did not start")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def queued_article_ids(self) -> list[int]:
        client = redis.Redis.from_url(self.url)
        messages = [json.loads(m) for m in client.lrange("celery", 0, -1)]
        assert all(m["headers"]["task"] == "articles.tasks.extract_article" for m in messages)
        # argsrepr is the repr of the args: "(41,)" when sent by name, "[41]" before.
        return sorted(ast.literal_eval(m["headers"]["argsrepr"])[0] for m in messages)


def _point_celery_at(url, monkeypatch):
    # The connection and producer pools are cached per app: drop them so the
    # next publish connects to the new URL (and again after the test).
    # kombu keeps pools in a process-wide registry keyed by URL: closing one
    # without clearing the registry leaves a closed pool for later tests.
    def reset():
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset()
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    return reset


@pytest.fixture
def broker(tmp_path, monkeypatch):
    server = ThrowawayRedis(tmp_path)
    server.start()
    reset = _point_celery_at(server.url, monkeypatch)
    yield server
    server.kill()
    reset()
    monkeypatch.undo()
    reset()


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def _upload(api, text):
    started = time.monotonic()
    response = api.post(URL, {"text": text}, format="json")
    return response, time.monotonic() - started


def test_redis_stops_mid_upload_then_the_sweep_sends_the_article(api, broker):
    response, _ = _upload(api, "“First,” she said, while the broker was still up and running fine.")
    assert response.status_code == 202 and response.json()["worker_available"] is True
    first = response.json()["id"]
    assert broker.queued_article_ids() == [first]

    broker.kill()
    response, took = _upload(api, "“Second,” she said, after the broker had gone away for a while.")
    assert response.status_code == 202
    print(f"upload with redis down took {took:.2f}s")
    assert took < FAST, f"upload took {took:.1f}s with the broker down"
    second = Article.objects.get(id=response.json()["id"])
    assert (second.status, response.json()["worker_available"]) == ("queued", False)

    # The sweep while Redis is still down: fast, loud, and nothing lost.
    Article.objects.filter(id=first).update(status="done")
    started = time.monotonic()
    with pytest.raises(Exception, match="broker is unreachable"):
        call_command("requeue_stale", older_than=0)
    assert time.monotonic() - started < FAST
    assert Article.objects.get(id=second.id).status == "queued"

    broker.start()  # same port, empty: the first message is gone with it
    call_command("requeue_stale", older_than=0)
    assert broker.queued_article_ids() == [second.id]


def test_a_hung_broker_also_fails_fast(api, monkeypatch, tmp_path):
    # A server that accepts connections and never answers: without socket
    # timeouts kombu would wait forever.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    reset = _point_celery_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0", monkeypatch)
    try:
        response, took = _upload(api, "“Hung,” she said, while the broker accepted and never answered.")
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        server.close()
        reset()
        monkeypatch.undo()
        reset()
    assert response.status_code == 202 and response.json()["worker_available"] is False
    print(f"upload with a hung broker took {took:.2f}s")
    assert took < FAST + 0.5, f"upload took {took:.1f}s with a hung broker"
    assert Article.objects.get().status == "queued"
