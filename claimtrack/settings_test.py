"""Test settings: the real PostgreSQL and Redis, DEBUG off as in production."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders in tests (no collectstatic run).
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]

# Lockout is tested on its own (tests enable it with the settings fixture);
# elsewhere it would make client.login() need a request.
AXES_ENABLED = False
