import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean_under_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "claimtrack.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "claimtrack.example.org",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


@pytest.mark.django_db
def test_csp_header_forbids_inline_script(client, journalist):
    client.force_login(journalist)
    csp = client.get(reverse("quotes:speaker_list"))["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src


@pytest.mark.django_db
def test_login_is_rate_limited(client, journalist, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "journalist", "password": "wrong"})
    # Even the right password is refused once the account is locked out.
    response = client.post(url, {"username": "journalist", "password": "pw-for-tests"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_token_endpoint_is_throttled(client, journalist):
    from django.core.cache import cache

    cache.clear()  # DRF keeps throttle history in the cache
    codes = [
        client.post("/api/token/", {"username": "journalist", "password": "wrong"}, content_type="application/json").status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10  # the default rate is 10 a minute
    assert codes[10] == 429
    cache.clear()


@pytest.mark.django_db
def test_token_throttle_is_not_escaped_by_a_forged_forwarded_header(client, journalist):
    codes = [
        client.post("/api/token/", {"username": "journalist", "password": "wrong"}, content_type="application/json",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(11)
    ]
    assert codes[10] == 429, "a new X-Forwarded-For each try must not reset the count"
