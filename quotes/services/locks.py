"""The one lock that serialises writing an article's results: who said it
(speakers) and which statement each printing joins (linking).

Two workers resolving "Pete Hegseth" at once would otherwise both find no
speaker and create two; from then on the name is ambiguous, every later
article creates another, and the slugs run to pete-hegseth-189 (found by the
two-worker throughput benchmark). One PostgreSQL advisory lock, held to the
end of the article's transaction, covers both steps, so they can never wait
on each other (two locks taken in either order could deadlock). What follows
from the printings (counts, wording, misquotes, fragments) is refreshed after
that transaction, without the lock (services/extraction.py)."""
from contextlib import contextmanager

from django.db import DatabaseError, connection

ARTICLE_WRITE_LOCK = 0x4C494E4B  # "LINK"
# The key space of the per-article task locks: (TASK << 32) + article id.
ARTICLE_TASK_LOCKS = 0x5441534B  # "TASK"


def hold_article_write_lock() -> None:
    """Block until no other article is being written; re-taking it is free."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [ARTICLE_WRITE_LOCK])


def article_task_lock_key(article_id: int) -> int:
    return (ARTICLE_TASK_LOCKS << 32) + article_id


@contextmanager
def article_task_locks(article_ids):
    """One delivery of an article at a time. Two deliveries of one task
    (a duplicate message, the stale sweep re-sending an article a slow worker
    still holds) used to both claim it and both write it; when one's refresh
    ran during the other's linking, statements came out split (five extra
    quotes on one seed, found by the fault test in CI). Yields the ids this
    worker got; another worker holds the rest and finishes them itself.

    Session-level locks, not transaction-level: they span the parse, which
    holds no transaction. A killed worker's connection closes and PostgreSQL
    releases its locks, so the redelivered task can take them."""
    held = []
    try:
        with connection.cursor() as cur:
            for article_id in article_ids:
                cur.execute("SELECT pg_try_advisory_lock(%s)", [article_task_lock_key(article_id)])
                if cur.fetchone()[0]:
                    held.append(article_id)
        yield held
    finally:
        try:
            with connection.cursor() as cur:
                for article_id in held:
                    cur.execute("SELECT pg_advisory_unlock(%s)", [article_task_lock_key(article_id)])
        except DatabaseError:
            pass  # the connection broke, and PostgreSQL released its locks with it
