"""What a reverse proxy tells us about the client, believed only when the
deployment says one sits in front (DJANGO_BEHIND_PROXY, settings.BEHIND_PROXY).
Otherwise X-Forwarded-* headers are whatever the client chose to send."""
from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address for login lockout (django-axes): behind a proxy,
    the last address in X-Forwarded-For, the one the proxy appended (any
    before it are the client's own claims); else the connecting address."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
