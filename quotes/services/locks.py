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
from django.db import connection

ARTICLE_WRITE_LOCK = 0x4C494E4B  # "LINK"


def hold_article_write_lock() -> None:
    """Block until no other article is being written; re-taking it is free."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [ARTICLE_WRITE_LOCK])
