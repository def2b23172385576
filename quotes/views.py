from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from quotes import selectors
from quotes.permissions import _get_quote_for_user, _get_speaker_for_user, require_perm


@login_required
def speaker_list(request):
    require_perm(request.user, "quotes.view_quote")
    search = request.GET.get("q", "").strip()
    speakers = selectors.speakers_with_counts(search=search)[:200]
    return render(request, "quotes/speaker_list.html", {"speakers": speakers, "search": search})


@login_required
def speaker_detail(request, slug):
    speaker = _get_speaker_for_user(request.user, slug)
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "date")
    quotes = selectors.quotes_for_speaker(speaker=speaker, kind=kind, sort=sort)[:200]
    return render(
        request,
        "quotes/speaker_detail.html",
        {"speaker": speaker, "quotes": quotes, "kind": kind, "sort": sort},
    )


@login_required
def quote_detail(request, quote_id):
    quote = _get_quote_for_user(request.user, quote_id)
    appearances = selectors.appearances_for_quote(quote=quote)
    return render(request, "quotes/quote_detail.html", {"quote": quote, "appearances": appearances})
