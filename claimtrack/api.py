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


_ERROR = {
    "type": "object",
    "description": "What was wrong: `detail` (a message, or messages by field), or `errors` (uploads).",
    "additionalProperties": True,
}
_ERRORS = {
    "400": "Invalid request: a parameter or body field that cannot be used (each problem named)",
    "401": "No credentials, or a token that is not valid (`WWW-Authenticate: Token`)",
    "403": "Logged in without the permission",
    "404": "No such object",
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the
    errors it can answer with (all JSON): 400 for any request (a NUL byte, a
    malformed cursor or field), 401 and 403 where login is needed, 404 where
    the path names an object. Responses a view documents itself are kept."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            statuses = ["400"]
            if operation.get("security") != [{}] and "security" in operation:
                statuses += ["401", "403"]
            if "{" in path:
                statuses.append("404")
            for code in statuses:
                responses.setdefault(code, {"description": _ERRORS[code]})
            for code, response in responses.items():
                if code[0] in "45" and "content" not in response:
                    response["content"] = ref
    return result
