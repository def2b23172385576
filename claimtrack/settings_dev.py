"""What manage.py uses when DJANGO_SETTINGS_MODULE is not set: the contract
commands (extract_quotes, ingest, export_quotes) must run on a scorer's or
developer's machine with no environment at all, so DEBUG defaults to on here.
Deployments run claimtrack.settings (wsgi.py, the Celery worker), which
requires DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS and keeps DEBUG off."""
import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .settings import *  # noqa: E402,F403
