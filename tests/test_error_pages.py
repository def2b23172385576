"""Styled 400/403/404/500 pages, and `make demo` serving without DEBUG so
that a 404 never lists the URL patterns (issue 15)."""
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def _styled(response, status, heading):
    assert response.status_code == status
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/claimtrack.css">' in body
    assert f"<h1>{heading}</h1>" in body
    assert "URLconf" not in body and "urlpatterns" not in body
    return body


def test_404_is_the_sites_page(client, journalist):
    _styled(client.get("/no-such-page/"), 404, "There is no page here")
    client.force_login(journalist)
    _styled(client.get("/quotes/999999/"), 404, "There is no page here")


def test_403_is_the_sites_page(client, nobody):
    client.force_login(nobody)
    _styled(client.get("/speakers/"), 403, "You do not have access to this page")


def test_500_is_the_sites_page(client, journalist, monkeypatch):
    from quotes import views

    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.front, "window", boom)
    client.force_login(journalist)
    client.raise_request_exception = False
    body = _styled(client.get("/"), 500, "Something went wrong")
    assert "boom" not in body and "Traceback" not in body


def test_a_bad_parameter_is_the_sites_page(client):
    _styled(client.get("/speakers/?q=%00"), 400, "That request could not be understood")


def test_demo_serves_with_debug_off():
    """The demo's web server runs as `make serve` does (DEBUG off, static
    files by whitenoise), so Django's debug 404 page, which lists every URL
    pattern, is never shown; the worker and setup may keep DEBUG on."""
    out = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    runserver = [line for line in out.splitlines() if "manage.py runserver" in line]
    assert len(runserver) == 1
    assert re.search(r"(^|\s)DJANGO_DEBUG=0\s", runserver[0]), runserver[0]
    assert "collectstatic" in out
