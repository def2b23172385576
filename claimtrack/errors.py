"""Error responses: JSON under /api/ (clients parse the body, never an HTML
page), a short page elsewhere. The URLconf's handler400/403/404/500 and the
middleware that refuses NUL bytes answer through `error_response`."""
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from claimtrack.params import InvalidParameter

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request, status: int, message: str, *, title: str = "") -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    body = render_to_string("error.html", {"title": title or message, "message": message})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    # Only our own messages are shown; Django's (a bad Host header, a body
    # over the size limit) stay generic.
    if isinstance(exception, InvalidParameter):
        return error_response(request, 400, str(exception), title="That request could not be understood")
    if is_api(request):
        return error_response(request, 400, "Bad request: the request could not be understood.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return error_response(request, 403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return error_response(request, 404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    response = page_server_error(request)
    if is_api(request):
        message = "The database is unavailable; try again shortly." if response.status_code == 503 else "Server error."
        json_response = JsonResponse({"detail": message}, status=response.status_code)
        if response.has_header("Retry-After"):
            json_response["Retry-After"] = response["Retry-After"]
        return json_response
    return response


def page_server_error(request, *args, **kwargs):
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
