"""Strict reading of request parameters, shared by the pages and the API.

Query values are whatever a client typed. `str.isdigit()` accepts "²" and
"٣", which `int()` then refuses or PostgreSQL cannot hold; a NUL byte cannot
be stored or even compared in a PostgreSQL text column. Every place that
reads a number or an id from a request goes through `parse_int`; NUL bytes
are refused once, for every request, by `claimtrack.middleware.RefuseNulMiddleware`.
"""
import re

from django.core.exceptions import BadRequest

# ASCII digits only, and few enough to fit a bigint (PostgreSQL's id columns).
_INT = re.compile(r"-?[0-9]{1,18}")
NUL_MESSAGE = "The request contains a NUL character (%00), which no field accepts."


class InvalidParameter(BadRequest):
    """A request parameter that cannot be understood: a 400 whose message says
    which one and why (as JSON under /api/, as a page elsewhere)."""


def parse_int(raw) -> int | None:
    """The integer `raw` spells in ASCII digits (an optional minus sign), or
    None for anything else: unicode digits, decimals, blanks, huge numbers."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if abs(raw) < 10**18 else None
    if not isinstance(raw, str) or not _INT.fullmatch(raw.strip()):
        return None
    return int(raw.strip())


def page_size(raw, *, default: int, maximum: int, name: str = "page_size") -> int:
    """A page size from the API: absent means `default`; anything but a whole
    number from 1 to `maximum` (a blank one too) is refused with a message."""
    if raw is None:
        return default
    size = parse_int(raw)
    if size is None or not 1 <= size <= maximum:
        raise InvalidParameter(f"“{name}” must be a whole number from 1 to {maximum}.")
    return size


def has_nul(value: str) -> bool:
    return "\x00" in value
