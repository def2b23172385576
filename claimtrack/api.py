"""What every API view shares: the JSON parser and the exception handler
(settings.REST_FRAMEWORK)."""
from django.core.exceptions import BadRequest
from rest_framework import exceptions, parsers
from rest_framework.views import exception_handler


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but JSON nested deeper than Python's recursion
    limit (a few thousand brackets) is a 400, not a RecursionError. Views
    that name their parsers (the token view, uploads) use this one too."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None


def api_exception_handler(exc, context):
    """DRF's handler, plus Django's BadRequest (claimtrack.params.InvalidParameter:
    a malformed cursor or page size) as a 400 with its message."""
    if isinstance(exc, BadRequest):
        exc = exceptions.ValidationError({"detail": str(exc)})
    return exception_handler(exc, context)
