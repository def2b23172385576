"""Two editors merging overlapping quotes at the same moment, on two real
database connections: the row locks serialise them, the second sees what the
first did, and the data stays consistent (no deadlock, no printing lost)."""
import threading
import time

import pytest
from django.db import connection, connections, transaction

from quotes.editing import services
from quotes.editing.errors import EditConflict
from quotes.models import Appearance, Edit, Quote
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quotes():
    speaker = SpeakerFactory()
    qs = [QuoteFactory(speaker=speaker, text=f"We will hold the line, part {i}") for i in range(3)]
    for q in qs:
        AppearanceFactory(quote=q)
        AppearanceFactory(quote=q)
    quotes_refresh_stats(quote_ids={q.id for q in qs})
    return qs


def in_thread(fn, results, key):
    def run():
        try:
            results[key] = fn()
        except Exception as exc:  # reported to the test below
            results[key] = exc
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    return t


def waiting_for_lock() -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cur.fetchone()[0]


def assert_consistent():
    for q in Quote.objects.all():
        if q.merged_into_id:
            target = Quote.objects.get(id=q.merged_into_id)
            assert q.hidden and not q.appearances.exists()
            assert not target.merged_into_id, "merged into a quote that was itself merged away"
        assert q.appearance_count == q.appearances.count()
    assert Appearance.objects.count() == 6
    assert not Appearance.objects.filter(quote__hidden=True).exists()


def test_second_merge_waits_for_the_first_and_sees_its_result(quotes):
    a, b, c = quotes
    first_user, second_user = UserFactory(username="ed1"), UserFactory(username="ed2")
    holding = threading.Event()
    release = threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            services.quote_merge(target=a, sources=[b], by=first_user)
            holding.set()
            release.wait(10)  # keep the locks until the second editor is blocked on them
        return "merged"

    t1 = in_thread(first, results, "first")
    assert holding.wait(10)
    # The second editor merges B (already merged into A, not yet committed) into C.
    t2 = in_thread(lambda: services.quote_merge(target=c, sources=[b], by=second_user), results, "second")
    deadline = time.monotonic() + 10
    while waiting_for_lock() < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert waiting_for_lock() == 1, "the second merge waits on the row lock"
    release.set()
    t1.join(10), t2.join(10)

    assert results["first"] == "merged"
    assert isinstance(results["second"], EditConflict) and "merged into" in str(results["second"])
    assert Edit.objects.count() == 1
    assert_consistent()
    assert Quote.objects.get(id=a.id).appearances.count() == 4


def test_opposite_merges_at_once_do_not_deadlock(quotes):
    a, b, c = quotes
    users = UserFactory(username="ed1"), UserFactory(username="ed2")
    start = threading.Barrier(2)
    results = {}

    def merge(target, sources, user):
        def run():
            start.wait(5)
            return services.quote_merge(target=target, sources=sources, by=user)

        return run

    # Each names the quotes in the opposite order; locks are taken by id.
    threads = [
        in_thread(merge(a, [c, b], users[0]), results, 0),
        in_thread(merge(c, [b, a], users[1]), results, 1),
    ]
    for t in threads:
        t.join(20)
    outcomes = sorted(type(r).__name__ for r in results.values())
    assert outcomes == ["Edit", "EditConflict"], results
    assert_consistent()
    survivor = Quote.objects.get(hidden=False)
    assert survivor.appearances.count() == 6 and survivor.editor_locked


def test_two_editors_undoing_the_same_edit(quotes):
    a, b, _ = quotes
    user = UserFactory(username="ed1")
    edit = services.quote_merge(target=a, sources=[b], by=user)
    start = threading.Barrier(2)
    results = {}

    def undo():
        start.wait(5)
        return services.edit_undo(edit=edit, by=user)

    threads = [in_thread(undo, results, i) for i in range(2)]
    for t in threads:
        t.join(20)
    assert sorted(type(r).__name__ for r in results.values()) == ["Edit", "EditConflict"], results
    assert Quote.objects.filter(hidden=False).count() == 3
    assert_consistent()
