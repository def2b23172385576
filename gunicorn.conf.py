"""gunicorn's settings, in one place: `make serve`, the compose `web` service
and the load test (tests/faults/procs.py WebServer) all run
`gunicorn --config gunicorn.conf.py --bind ADDRESS`, so the test measures
what production serves. Only the address differs between them.

Sizing (README, Operating claimtrack): a request holds one thread and at most
one PostgreSQL connection, so the web app holds at most workers x threads
connections (persistent ones, DB_CONN_MAX_AGE: a thread pool is fixed, so
they do not pile up). Count them, plus one per Celery worker process, against
PostgreSQL's max_connections.
"""
from claimtrack.env import env_int

wsgi_app = "claimtrack.wsgi"

# Threads, not processes, for the waiting: a page spends much of its time in
# PostgreSQL, and a thread waiting there leaves the GIL to the others. One
# process per core the web app may use (2 on the development machine, which
# also runs the extraction worker).
worker_class = "gthread"
workers = env_int("WEB_WORKERS", 2)
threads = env_int("WEB_THREADS", 4)

# More clients than threads wait, they are not refused: each worker accepts
# up to worker_connections (1000) and queues them for its threads, and
# connections no worker has taken yet wait in the listen queue, `backlog`
# long (gunicorn's default, written down because the load test's 100 readers
# rely on it; the kernel caps it at net.core.somaxconn, 4096 here).
backlog = 2048
worker_connections = 1000
# A worker that stops answering its heartbeat for this long is restarted.
# gthread's heartbeat comes from its accept loop, not from a request, so a
# slow page does not trip it, nor does a queue of requests waiting for a thread.
timeout = 30
graceful_timeout = 30
# Keep-alive between requests of one client (browsers, a proxy in front).
keepalive = 2
# One line per request on stdout (the compose log, the terminal of `make serve`).
accesslog = "-"
