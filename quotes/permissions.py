"""One place that says who may see and change what (see quotes/README.md)."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from quotes.models import Quote, Speaker


def require_perm(user, perm: str) -> None:
    # Views are wrapped in login_required first, so anonymous users never get here.
    if not user.has_perm(perm):
        raise PermissionDenied


def _get_speaker_for_user(user, slug: str) -> Speaker:
    require_perm(user, "quotes.view_quote")
    return get_object_or_404(Speaker, slug=slug)


def _get_quote_for_user(user, quote_id: int, *, perm: str = "quotes.view_quote") -> Quote:
    require_perm(user, perm)
    return get_object_or_404(Quote.objects.select_related("speaker"), id=quote_id)
