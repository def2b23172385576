import logging

from django.db import InterfaceError, OperationalError, connections
from django.template.loader import render_to_string
from django.http import HttpResponse

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page, not a traceback, while PostgreSQL is
    unreachable. Broken connections are closed so that the next request
    reconnects by itself once the database is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("database unavailable: %s", exception)
        for conn in connections.all():
            conn.close()
        body = render_to_string("503.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response


def server_error(request, *args, **kwargs):
    """handler500: a database outage that escaped the middleware (say, while
    saving the session) is still a 503, not an error page."""
    import sys

    from django.views.defaults import server_error as default_server_error

    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        for conn in connections.all():
            conn.close()
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return default_server_error(request, *args, **kwargs)
