"""The API's one paging scheme: keyset cursors (quotes.browse.keyset_page).
A page costs the same at any depth, pages stay stable while quotes are
added, and nothing counts the whole list. A cursor is checked against the
list's column types before any query: a malformed one is a 400 with a
message (browse.InvalidCursor), never a server error."""
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from claimtrack.params import page_size
from quotes import browse


class Keyset(BasePagination):
    """`?cursor=` from a page's `next` or `previous` link; `?page_size=` from 1 to 200.
    A view sets `keyset_order` (ending in a unique column); default newest id first."""

    default_order = ["-id"]
    max_page_size = browse.MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = page_size(
            request.query_params.get("page_size"), default=api_settings.PAGE_SIZE, maximum=self.max_page_size
        )
        order = getattr(view, "keyset_order", self.default_order)
        page = browse.keyset_page(queryset, order, cursor=request.query_params.get("cursor", ""), size=size)
        self.page = page
        return page.items

    def get_paginated_response(self, data):
        return Response(page_body(self.request, self.page, data))

    def get_paginated_response_schema(self, schema):
        return page_schema(schema)

    def get_schema_operation_parameters(self, view):
        return cursor_parameters(self.max_page_size)


def page_body(request, page: browse.Page, results) -> dict:
    """Every API list's body: links to the next and previous pages (null at
    either end) and the rows."""
    return {
        "next": _link(request, page.next_cursor),
        "previous": _link(request, page.previous_cursor),
        "results": results,
    }


def _link(request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def page_schema(results: dict) -> dict:
    link = {"type": "string", "nullable": True, "format": "uri"}
    return {
        "type": "object",
        "required": ["next", "previous", "results"],
        "properties": {"next": link, "previous": link, "results": results},
    }


def cursor_parameters(maximum: int) -> list[dict]:
    return [
        {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "From a page's `next` or `previous` link; a cursor not made for this list is a 400."},
        {"name": "page_size", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": maximum}},
    ]
