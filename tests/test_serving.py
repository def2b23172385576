"""The production server's settings live in gunicorn.conf.py alone: `make
serve`, the compose web service and the load test read it, so the load test
measures what is deployed; and what it allows fits PostgreSQL's connections."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
# Those three start gunicorn with the file and an address, nothing else.
SERVE = re.compile(r"gunicorn --config gunicorn\.conf\.py --bind \S+$")


def _print_config(**env) -> subprocess.CompletedProcess:
    # --print-config loads the application too, hence the settings module.
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "claimtrack.settings_test", **env}
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def _gunicorn_settings(**env) -> dict[str, str]:
    proc = _print_config(**env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dict(re.findall(r"^(\w+)\s+= (.*)$", proc.stdout, re.M))


def test_make_serve_and_compose_run_gunicorn_conf():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile[makefile.index("\nserve:"):].split("\n\n")[0]
    assert [line for line in serve.splitlines() if "gunicorn" in line and SERVE.search(line.strip())]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert SERVE.search(compose["services"]["web"]["command"].strip())
    assert '"--config", str(ROOT / "gunicorn.conf.py")' in (ROOT / "tests/faults/procs.py").read_text()


def test_gunicorn_conf_sizes_from_the_environment():
    settings = _gunicorn_settings()
    assert (settings["worker_class"], settings["workers"], settings["threads"]) == ("gthread", "2", "4")
    # The load test's 100 readers wait in gunicorn's queues, never refused.
    assert int(settings["backlog"]) >= 100 and int(settings["worker_connections"]) >= 100
    settings = _gunicorn_settings(WEB_WORKERS="3", WEB_THREADS="8")
    assert (settings["workers"], settings["threads"]) == ("3", "8")


def test_bad_size_fails_loudly():
    proc = _print_config(WEB_WORKERS="two")
    assert proc.returncode != 0 and "WEB_WORKERS" in proc.stdout + proc.stderr


@pytest.mark.django_db
def test_web_and_worker_connections_fit_postgres():
    """A thread holds at most one persistent connection, and each Celery
    worker process one: the web app's workers x threads, two worker processes
    (compose runs --concurrency=2), beat and this test's own must leave the
    server room (superuser_reserved_connections aside)."""
    settings = _gunicorn_settings()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")
        available = cursor.fetchone()[0]
    needed = int(settings["workers"]) * int(settings["threads"]) + 2 + 1 + 1
    assert needed <= available // 4, (needed, available)
