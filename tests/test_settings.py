import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _check(env):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "claimtrack.settings"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=60,
    )


def test_production_requires_secret_key():
    proc = _check({})
    assert proc.returncode != 0 and "DJANGO_SECRET_KEY" in proc.stderr


def test_production_requires_allowed_hosts():
    proc = _check({"DJANGO_SECRET_KEY": "x" * 50})
    assert proc.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in proc.stderr


def test_bad_boolean_fails_loudly():
    proc = _check({"DJANGO_DEBUG": "maybe"})
    assert proc.returncode != 0 and "DJANGO_DEBUG" in proc.stderr


def test_sqlite_is_refused():
    proc = _check({"DJANGO_DEBUG": "1", "DATABASE_URL": "sqlite:///x.db"})
    assert proc.returncode != 0 and "PostgreSQL" in proc.stderr
