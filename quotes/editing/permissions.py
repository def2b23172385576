"""Who may change what (see quotes/README.md). Views are wrapped in
login_required first, so anonymous users never get here; a logged-in user
without the permission gets 403."""
from django.shortcuts import get_object_or_404

from quotes.models import Edit, Speaker, SpeakerAlias
from quotes.permissions import _get_quote_for_user, require_perm
from quotes.roles import EDIT_PERM, UNDO_PERM


def _get_quote_for_editor(user, quote_id: int):
    return _get_quote_for_user(user, quote_id, perm=EDIT_PERM)


def _get_speaker_for_editor(user, slug: str) -> Speaker:
    require_perm(user, EDIT_PERM)
    return get_object_or_404(Speaker, slug=slug)


def _get_alias_for_editor(user, speaker: Speaker, alias_id: int) -> SpeakerAlias:
    require_perm(user, "quotes.delete_speakeralias")
    return get_object_or_404(SpeakerAlias, id=alias_id, speaker=speaker)


def _get_edit_for_user(user, edit_id: int, *, perm: str = "quotes.view_edit") -> Edit:
    require_perm(user, perm)
    return get_object_or_404(Edit.objects.select_related("quote"), id=edit_id)


def _get_edit_for_undo(user, edit_id: int) -> Edit:
    require_perm(user, EDIT_PERM)
    return _get_edit_for_user(user, edit_id, perm=UNDO_PERM)
