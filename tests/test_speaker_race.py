"""Two workers write articles by the same new speaker at the same moment, on
two real database connections. Found by the two-worker throughput benchmark:
both found no speaker, both created one, and from then on the name was
ambiguous, so every later article created another (pete-hegseth-189). The
article write lock (quotes/services/locks.py) makes them take turns."""
import threading

import pytest
from django.db import connections, transaction

from quotes.models import Speaker
from quotes.services.speakers import speaker_resolve

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_resolving_a_new_name_at_once_make_one_speaker():
    both_in = threading.Barrier(2, timeout=10)
    ids, errors = [], []

    def worker():
        try:
            with transaction.atomic():
                both_in.wait()   # both transactions are open before either looks
                ids.append(speaker_resolve(name="Ama Serwaa Boateng", aliases=("Boateng",)).id)
                # the rest of the article's writes happen here, inside the same transaction
                Speaker.objects.filter(id=ids[-1]).exists()
        except Exception as exc:   # an IntegrityError on the slug is the race too
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert len(ids) == 2 and len(set(ids)) == 1
    assert Speaker.objects.filter(name="Ama Serwaa Boateng").count() == 1
    # and a third article, later, finds the same speaker rather than a new one
    assert speaker_resolve(name="Ama Serwaa Boateng").id == ids[0]
