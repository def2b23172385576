"""Project-level entry points: the API root, the API docs and the favicon.
The app views live in their apps; these only list and describe them."""
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

API_PREFIX = "api/"


def _api_routes(patterns=None, prefix="") -> list[tuple[str, str]]:
    """(name, route) of every URL pattern under /api/, read from the resolver
    so that the root cannot fall behind the URLconf."""
    found = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith(API_PREFIX) or API_PREFIX.startswith(route):
                found += _api_routes(p.url_patterns, route)
        elif isinstance(p, URLPattern) and route.startswith(API_PREFIX) and route != API_PREFIX and p.name:
            found.append((p.name, route))
    return found


class ApiRoot(APIView):
    """Every endpoint of the API: a link for those without parameters, the
    path with its `{parameters}` for the others. Details, fields and errors
    are in the schema (`schema`) and the docs (`docs`)."""

    @extend_schema(exclude=True)
    def get(self, request):
        endpoints = {}
        for name, route in _api_routes():
            path = "/" + route.replace("<int:", "{").replace("<str:", "{").replace("<slug:", "{").replace(">", "}")
            endpoints[name] = request.build_absolute_uri(path) if "{" not in path else path
        endpoints["docs"] = reverse("api-docs", request=request)
        return Response(endpoints)


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's files, with its start-up
    script served as a separate request (`?script`) and its page styles in a
    static file, so the page runs under the site's CSP unchanged: no inline
    script, no inline style."""

    template_name = "api/docs.html"


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page links; answered here from
    # the static file rather than with a redirect, so it costs one request.
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
