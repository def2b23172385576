from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def enqueued(request, monkeypatch):
    """Record the ids that would be sent to the worker instead of sending them.

    The shared Redis on :6379 feeds other engineers' workers, which would pick
    up our article ids and process rows of their own database. Modules that
    set REAL_BROKER = True talk to a Redis of their own instead."""
    if getattr(request.module, "REAL_BROKER", False):
        yield None
        return
    sent: list[int] = []

    def fake_enqueue(article_id):
        sent.append(article_id)
        return True

    monkeypatch.setattr("articles.services.article_enqueue", fake_enqueue)
    monkeypatch.setattr("articles.services.article_group_enqueue", lambda ids: sent.extend(ids) or True)
    yield sent


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr("articles.services.article_enqueue", lambda article_id: False)
    monkeypatch.setattr("articles.services.article_group_enqueue", lambda article_ids: False)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
