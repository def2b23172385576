import logging

from django.db import InterfaceError, OperationalError, connections
from django.template.loader import render_to_string
from django.http import HttpResponse, JsonResponse

from claimtrack.params import NUL_MESSAGE, has_nul

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
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL byte in its path, its query or its
    form fields: PostgreSQL text cannot hold one (not even to compare), so
    any view that looked the value up would fail. Checked once, here, rather
    than in every view that reads a parameter. JSON and multipart bodies are
    left to their parsers (DRF's and Django's CharFields refuse NUL; uploaded
    files are checked when decoded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            from claimtrack.errors import error_response

            return error_response(request, 400, NUL_MESSAGE, title="That request could not be understood")
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if has_nul(request.path) or any(has_nul(k) or any(has_nul(v) for v in vs) for k, vs in request.GET.lists()):
        return True
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        return any(has_nul(k) or any(has_nul(v) for v in vs) for k, vs in request.POST.lists())
    return False
