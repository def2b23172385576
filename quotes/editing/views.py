"""Editors' actions. Each is a POST that runs one service and redirects (to
the quote the edit left, or back), with the outcome as a message. The forms
work without JavaScript; with htmx they post in place and swap <main> with
the page the redirect leads to."""
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claimtrack.params import parse_int
from quotes import selectors
from quotes.editing import services
from quotes.editing.errors import EditError, deadlock_as_conflict
from quotes.editing.forms import (
    AliasForm,
    DuplicateMergeForm,
    HideForm,
    QuotesMergeForm,
    ReattributeForm,
    SpeakerMergeForm,
    SpeakerProfileForm,
    SplitForm,
    form_errors,
)
from quotes.editing.permissions import (
    _get_alias_for_editor,
    _get_edit_for_undo,
    _get_quote_for_editor,
    _get_speaker_for_editor,
)
from quotes.models import Edit
from quotes.permissions import require_perm
from quotes.roles import EDIT_PERM, READ_PERM


@login_required
def speaker_suggest(request):
    """<option> rows for a speaker field's datalist, as the editor types
    (htmx swaps them in)."""
    require_perm(request.user, READ_PERM)
    typed = request.GET.get("q") or request.GET.get("speaker") or ""
    choices = selectors.speaker_choices(search=typed, exclude=request.GET.get("exclude", ""))
    # names=1: fields that take a name (the search filter), not a slug.
    return render(request, "quotes/_speaker_options.html", {"speakers": choices, "names": request.GET.get("names") == "1"})


@login_required
@require_POST
def speaker_quotes_merge(request, slug):
    speaker = _get_speaker_for_editor(request.user, slug)
    form = QuotesMergeForm(request.POST, speaker=speaker)
    back = reverse("quotes:speaker_detail", args=[speaker.slug])
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    data = form.cleaned_data
    return _run(request, back, services.quote_merge, target=data["target"], sources=data["sources"], by=request.user)


@login_required
@require_POST
def quote_merge(request, quote_id):
    target = _get_quote_for_editor(request.user, quote_id)
    form = DuplicateMergeForm(request.POST)
    back = _quote_url(target.id)
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    source = form.cleaned_data["source"]
    text = source.text if form.cleaned_data["canonical"] == "source" else None
    return _run(request, back, services.quote_merge, target=target, sources=[source], by=request.user, canonical_text=text)


@login_required
@require_POST
def quote_split(request, quote_id):
    quote = _get_quote_for_editor(request.user, quote_id)
    form = SplitForm(request.POST, quote=quote)
    back = _quote_url(quote.id)
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    appearances = form.cleaned_data["appearances"]
    return _run(request, back, services.quote_split, quote=quote, appearances=appearances, by=request.user)


@login_required
@require_POST
def quote_reattribute(request, quote_id):
    quote = _get_quote_for_editor(request.user, quote_id)
    form = ReattributeForm(request.POST, quote=quote)
    back = _quote_url(quote.id)
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    data = form.cleaned_data
    common = {**data["target"], "alias": data["alias"], "by": request.user}
    if data["appearance"]:
        return _run(request, back, services.appearance_reattribute, appearance=data["appearance"], **common)
    return _run(request, back, services.quote_reattribute, quote=quote, **common)


@login_required
@require_POST
def quote_confirm(request, quote_id):
    quote = _get_quote_for_editor(request.user, quote_id)
    return _run(request, _quote_url(quote.id), services.quote_confirm, quote=quote, by=request.user)


@login_required
def review_queue(request):
    require_perm(request.user, EDIT_PERM)
    return render(request, "quotes/review_queue.html",
                  {"quotes": selectors.review_queue(), "threshold": settings.ATTRIBUTION_VERIFIED_AT})


@login_required
def misquote_list(request):
    require_perm(request.user, EDIT_PERM)
    printings = selectors.misquotes_flagged(before=parse_int(request.GET.get("before", "")))
    older = printings[-1].id if len(printings) == selectors.MISQUOTES_PAGE else None
    return render(request, "quotes/misquote_list.html", {"printings": printings, "older": older})


@login_required
@require_POST
def quote_hide(request, quote_id):
    quote = _get_quote_for_editor(request.user, quote_id)
    form = HideForm(request.POST, quote=quote)
    back = _quote_url(quote.id)
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    appearance = form.cleaned_data["appearance"]
    if appearance:
        return _run(request, back, services.span_suppress, appearance=appearance, by=request.user)
    return _run(request, back, services.quote_hide, quote=quote, by=request.user)


@login_required
@require_POST
def speaker_merge(request, slug):
    target = _get_speaker_for_editor(request.user, slug)
    form = SpeakerMergeForm(request.POST)
    back = reverse("quotes:speaker_detail", args=[target.slug])
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    source = form.cleaned_data["speaker"]
    return _run(request, back, services.speaker_merge, target=target, sources=[source], by=request.user)


@login_required
@require_POST
def alias_add(request, slug):
    speaker = _get_speaker_for_editor(request.user, slug)
    require_perm(request.user, "quotes.add_speakeralias")
    form = AliasForm(request.POST)
    back = reverse("quotes:speaker_detail", args=[speaker.slug])
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    return _run(request, back, services.alias_add, speaker=speaker, alias=form.cleaned_data["alias"], by=request.user)


@login_required
@require_POST
def speaker_profile(request, slug):
    speaker = _get_speaker_for_editor(request.user, slug)
    form = SpeakerProfileForm(request.POST)
    back = reverse("quotes:speaker_detail", args=[speaker.slug])
    if not form.is_valid():
        return _refused(request, form_errors(form), back)
    return _run(request, back, services.speaker_profile_edit, speaker=speaker, by=request.user, **form.cleaned_data)


@login_required
@require_POST
def alias_remove(request, slug, alias_id):
    speaker = _get_speaker_for_editor(request.user, slug)
    alias = _get_alias_for_editor(request.user, speaker, alias_id)
    back = reverse("quotes:speaker_detail", args=[speaker.slug])
    return _run(request, back, services.alias_remove, alias=alias, by=request.user)


@login_required
@require_POST
def edit_undo(request, edit_id):
    edit = _get_edit_for_undo(request.user, edit_id)
    back = _next(request) or (_quote_url(edit.quote_id) if edit.quote_id else reverse("quotes:edit_list"))
    try:
        services.edit_undo(edit=edit, by=request.user)
    except EditError as exc:
        return _refused(request, str(exc), back)
    messages.success(request, f"Undone: {edit.summary}.")
    return redirect(back)


@login_required
def edit_list(request):
    require_perm(request.user, "quotes.view_edit")
    return render(request, "quotes/edit_list.html", {"edits": selectors.edits_readable(selectors.edits_recent())})


def _run(request, back: str, service: Callable[..., Edit], **kwargs):
    """Run one editing service; on success go to the quote the edit left
    (speaker and alias edits have none: back to where the editor was)."""
    try:
        edit = service(**kwargs)
    except EditError as exc:
        return _refused(request, str(exc), back)
    except OperationalError as exc:
        if (conflict := deadlock_as_conflict(exc)) is None:
            raise
        return _refused(request, str(conflict), back)
    messages.success(request, f"{edit.summary}.")
    return redirect(_next(request) or (_quote_url(edit.quote_id) if edit.quote_id else back))


def _refused(request, message: str, back: str):
    messages.error(request, message)
    return redirect(back)


def _next(request) -> str | None:
    url = request.POST.get("next", "")
    # A path of this site only: redirect() would take "xyz" for a view name (a 500).
    safe = url.startswith("/") and "\x00" not in url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else None


def _quote_url(quote_id: int) -> str:
    return reverse("quotes:quote_detail", args=[quote_id])
