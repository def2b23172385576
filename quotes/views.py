from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from claimtrack.params import parse_int
from quotes import selectors
from quotes.export import (
    FORMATS,
    OUTLET_COLUMNS,
    PRINTING_COLUMNS,
    QUOTE_COLUMNS,
    SPEAKER_COLUMNS,
    export_response,
)
from quotes.permissions import _get_quote_for_user, _get_speaker_for_user, require_perm
from quotes.roles import READ_PERM
from quotes.selectors import MAX_RESULTS, front_page as front, search_export
from quotes.services.front_page import front_page_lists


@login_required
def speaker_list(request):
    require_perm(request.user, READ_PERM)
    search = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "quotes") if request.GET.get("sort") in selectors.SPEAKER_SORTS else "quotes"
    if fmt := _export_format(request):
        rows = selectors.keyset_iter(selectors.speakers_directory(search=search), selectors.SPEAKER_SORTS[sort])
        return export_response(rows=rows, columns=SPEAKER_COLUMNS, fmt=fmt, filename="speakers")
    page = selectors.speakers_page(search=search, sort=sort, cursor=_cursor(request), size=_size(request))
    context = {"speakers": page.items, "search": search, "sort": sort} | _links(request, page)
    return render(request, "quotes/speaker_list.html", context)


@login_required
def speaker_detail(request, slug):
    speaker = _get_speaker_for_user(request.user, slug)
    filters, errors = selectors.parse_filters(request.GET, speaker=speaker)
    sort = "reach" if request.GET.get("sort") == "reach" else "date"
    if fmt := _export_format(request):
        rows = selectors.keyset_iter(selectors.quotes_filtered(filters), selectors.QUOTE_SORTS[sort])
        rows = selectors.quotes_export_rows(rows)
        return export_response(rows=rows, columns=QUOTE_COLUMNS, fmt=fmt, filename=f"quotes-{speaker.slug}")
    page = selectors.statements_page(filters=filters, sort=sort, cursor=_cursor(request), size=_size(request))
    context = {
        "speaker": speaker, "quotes": page.items, "filters": filters, "errors": errors, "sort": sort,
        "kind": filters.kind, "outlets": selectors.outlet_choices(),
        "activity": selectors.speaker_activity(speaker=speaker),
    }
    return render(request, "quotes/speaker_detail.html", context | _links(request, page))


@login_required
def search(request):
    require_perm(request.user, READ_PERM)
    q = request.GET.get("q", "").strip()
    # "words=1": the query is words only, even where one is a speaker's name.
    people = request.GET.get("words") != "1"
    named = selectors.speaker_by_name(request.GET.get("speaker", ""))
    filters, errors = selectors.parse_filters(request.GET, speaker=named)
    if fmt := _export_format(request):
        reading, narrowed = selectors.people_and_words(q=q, filters=filters, people=people)
        rows = selectors.quotes_export_rows(search_export(q=reading.words, filters=narrowed))
        return export_response(rows=rows, columns=QUOTE_COLUMNS, fmt=fmt, filename="search")
    offset = max(0, parse_int(request.GET.get("offset")) or 0)
    found = selectors.search_for(q=q, filters=filters, people=people, offset=offset, size=min(_size(request), 100))
    context = {
        "q": q, "found": found, "hits": found.hits, "filters": found.filters, "errors": errors, "offset": offset,
        "last": offset + len(found.hits), "max_results": MAX_RESULTS, "listing": bool(q or found.filters.speaker),
        "outlets": selectors.outlet_choices(),
        "words_only_url": _with(request, offset=None, words="1") if found.reading.speaker else None,
        "next_url": _with(request, offset=found.next_offset) if found.next_offset is not None else None,
        "prev_url": _with(request, offset=max(0, offset - min(_size(request), 100)) or None) if offset else None,
        "first_url": _with(request, offset=None) if offset else None,
        "export_csv": _with(request, offset=None, export="csv"),
        "export_json": _with(request, offset=None, export="json"),
    }
    return render(request, "quotes/search.html", context)


@login_required
def outlet_list(request):
    require_perm(request.user, READ_PERM)
    outlets = selectors.outlets_directory()
    if fmt := _export_format(request):
        return export_response(rows=outlets.iterator(), columns=OUTLET_COLUMNS, fmt=fmt, filename="outlets")
    context = {"outlets": outlets, "export_csv": _with(request, export="csv"), "export_json": _with(request, export="json")}
    return render(request, "quotes/outlet_list.html", context)


@login_required
def outlet_detail(request, slug):
    require_perm(request.user, READ_PERM)
    outlet = selectors.outlet_by_slug(slug)
    if outlet is None:
        raise Http404
    filters, errors = selectors.parse_filters(request.GET)
    first_only = request.GET.get("first") == "1"
    wanted = {"first_only": first_only, "kind": filters.kind, "speaker": filters.speaker}
    if fmt := _export_format(request):
        rows = selectors.keyset_iter(selectors.outlet_printings(outlet=outlet, **wanted), selectors.PRINTING_ORDER)
        return export_response(rows=rows, columns=PRINTING_COLUMNS, fmt=fmt, filename=f"carried-{outlet.slug}")
    page = selectors.outlet_printings_page(outlet=outlet, cursor=_cursor(request), size=_size(request), **wanted)
    context = {
        "outlet": outlet, "printings": page.items, "first_only": first_only, "filters": filters, "errors": errors,
        "articles": selectors.outlet_articles(outlet=outlet).order_by(*selectors.ARTICLE_ORDER)[:10],
    }
    return render(request, "quotes/outlet_detail.html", context | _links(request, page))


@login_required
def coverage(request):
    """Who quotes whom: outlets × speakers, each cell linking to the quotes it counts."""
    require_perm(request.user, READ_PERM)
    return render(request, "quotes/coverage.html", {"coverage": selectors.outlet_speaker_coverage()})


@login_required
def quote_detail(request, quote_id):
    quote = _get_quote_for_user(request.user, quote_id)
    if quote.merged_into_id:
        # To the quote it lives in now; not cached, since undoing the merge
        # makes this page a page again.
        home = selectors.quote_lives_in(quote)
        response = HttpResponsePermanentRedirect(f"{reverse('quotes:quote_detail', args=[home.id])}?from={quote.id}")
        add_never_cache_headers(response)
        return response
    page = selectors.quote_page(quote=quote)
    return render(
        request,
        "quotes/quote_detail.html",
        {"quote": quote, "page": page, "appearances": [p.appearance for p in page.printings],
         "timeline_width": selectors.TIMELINE_WIDTH,
         "merged_from": selectors.quote_merged_from(quote=quote, raw_id=request.GET.get("from", ""))},
    )


# --- helpers for the list pages -----------------------------------------------------------------


def _export_format(request) -> str | None:
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def _cursor(request) -> str:
    return request.GET.get("cursor", "")[:500]


def _size(request) -> int:
    size = parse_int(request.GET.get("size"))
    return min(size, selectors.MAX_PAGE_SIZE) if size is not None and size > 0 else selectors.PAGE_SIZE


def _with(request, **changes) -> str:
    """This page's URL with some query parameters changed (None: removed)."""
    params = {k: v for k, v in request.GET.items() if k not in changes}
    params |= {k: v for k, v in changes.items() if v is not None}
    return "?" + urlencode(params) if params else request.path


def _links(request, page) -> dict:
    """Next / previous / first page and export links that keep the list's filters."""
    return {
        "next_url": _with(request, cursor=page.next_cursor) if page.next_cursor else None,
        "prev_url": _with(request, cursor=page.previous_cursor) if page.previous_cursor else None,
        "first_url": _with(request, cursor=None) if request.GET.get("cursor") else None,
        "export_csv": _with(request, cursor=None, export="csv"),
        "export_json": _with(request, cursor=None, export="json"),
    }


@login_required
def home(request):
    """The front page: most carried, newest, rising speakers, latest articles."""
    require_perm(request.user, READ_PERM)
    w = front.window(request.GET.get("window", front.DEFAULT_WINDOW))
    carried, rising = front_page_lists(window=w) if w else ([], [])
    context = {
        "window": w, "windows": list(front.WINDOWS), "carried": carried, "rising": rising,
        "newest": front.newest(), "articles": front.latest_articles(),
    }
    return render(request, "quotes/home.html", context)
