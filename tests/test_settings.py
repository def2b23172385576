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


def _settings_value(env, expr):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "claimtrack.settings",
            "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "claimtrack.example.org"}
    code = f"import django; django.setup(); from django.conf import settings; print(repr({expr}))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
                          timeout=60)
    return proc


def test_forwarded_proto_is_not_trusted_unless_behind_a_proxy():
    proc = _settings_value({}, "settings.SECURE_PROXY_SSL_HEADER")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "None"
    proc = _settings_value({"DJANGO_BEHIND_PROXY": "1"}, "settings.SECURE_PROXY_SSL_HEADER")
    assert proc.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
    proc = _settings_value({"DJANGO_BEHIND_PROXY": "perhaps"}, "settings.SECURE_PROXY_SSL_HEADER")
    assert proc.returncode != 0 and "DJANGO_BEHIND_PROXY" in proc.stderr
