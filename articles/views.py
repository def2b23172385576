from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from articles import selectors
from articles.forms import UploadForm
from articles.highlight import highlighted_segments
from articles.models import Article, UploadBatch
from articles.services import article_requeue
from articles.uploads import IncomingFile, UploadRejected, articles_progress, upload_submit
from claimtrack.params import parse_int

WORKER_UNAVAILABLE = (
    "The worker is unavailable right now: the articles are saved and queued, "
    "and will be processed automatically when it is back."
)


def _get_article_for_user(user, article_id: int, *, perm: str = "articles.view_article") -> Article:
    if not user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(selectors.articles_with_outlet(), id=article_id)


def _get_batch_for_user(user, batch_id: int) -> UploadBatch:
    if not user.has_perm("articles.add_article"):
        raise PermissionDenied
    return get_object_or_404(selectors.batches(), id=batch_id)


@login_required
def article_detail(request, article_id):
    article = _get_article_for_user(request.user, article_id)
    appearances = list(article.appearances.select_related("quote__speaker").order_by("start"))
    segments = highlighted_segments(article.text, appearances)
    context = {"article": article, "segments": segments, "appearances": appearances}
    return render(request, "articles/article_detail.html", context)


@login_required
def upload(request):
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    errors = []
    if request.method == "POST" and _body_too_large(request):
        # Refused before the body is parsed, so Django never spools it to disk.
        form = UploadForm()
        errors = [f"The upload is larger than the limit of {_mb(settings.UPLOAD_MAX_BATCH_BYTES)} per upload."]
    else:
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and not errors and form.is_valid():
        try:
            stored = _submit(request, form.cleaned_data)
        except UploadRejected as exc:
            errors = exc.errors
        else:
            if stored.worker_available is False:
                messages.warning(request, WORKER_UNAVAILABLE)
            if stored.batch is None:
                messages.info(request, "Already ingested: nothing new was stored. Their status is below.")
                return redirect(_ids_url(stored.article_ids))
            return redirect("articles:upload_status", batch_id=stored.batch.id)
    recent = selectors.batches_recent(user=request.user)
    context = {"form": form, "errors": errors, "recent": recent, "limits": _limits()}
    return render(request, "articles/upload.html", context, status=400 if errors or form.errors else 200)


def _submit(request, data):
    return upload_submit(
        files=[IncomingFile(f.name, f.read()) for f in data["files"]],
        pasted_text=data["text"],
        outlet=data["outlet"],
        new_outlet_name=data["new_outlet"],
        url=data["url"] or None,
        published=data["published"],
        title=data["title"],
        created_by=request.user,
    )


@login_required
def upload_status(request, batch_id):
    batch = _get_batch_for_user(request.user, batch_id)
    return _render_status(request, _batch_context(batch))


@login_required
def upload_original(request, item_id):
    """The file as it was uploaded, as a download: never rendered (an
    uploaded page may hold script), whatever its type."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    original = get_object_or_404(selectors.originals_with_item(), item_id=item_id)
    response = HttpResponse(bytes(original.data), content_type="application/octet-stream")
    filename = PurePosixPath(original.item.name).name or f"upload-{item_id}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def status_list(request):
    """The status of articles given by id: a repeat upload, which stores no batch."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    return _render_status(request, _ids_context(_parse_ids(request.GET.get("ids", ""))))


@login_required
@require_POST
def article_requeue_view(request, article_id):
    article = _get_article_for_user(request.user, article_id, perm="articles.change_article")
    sent = article_requeue(article=article)
    batch = selectors.batch_of_article(batch_id=parse_int(request.POST.get("batch")) or 0, article=article)
    ids = _parse_ids(request.POST.get("ids", ""))
    context = _batch_context(batch) if batch else _ids_context(ids) if ids else None
    if request.htmx and context:
        return render(request, "articles/upload_status.html#status", context | {"worker_down_now": not sent})
    messages.info(request, f"Extraction of “{article}” queued again." if sent else WORKER_UNAVAILABLE)
    return redirect(context["poll_url"] if context else reverse("articles:article_detail", args=[article.id]))


@dataclass
class _Row:
    name: str
    article: Article
    outcome: str = ""
    outcome_label: str = ""
    quote_count: int = 0
    original_url: str = ""
    encoding: str = ""
    warning: str = ""


def _render_status(request, context):
    template = "articles/upload_status.html#status" if request.htmx else "articles/upload_status.html"
    return render(request, template, context)


def _batch_context(batch: UploadBatch) -> dict:
    items = selectors.batch_items(batch)
    rows = [
        _Row(i.name, i.article, i.outcome, i.get_outcome_display(),
             original_url=reverse("articles:upload_original", args=[i.id]) if i.kept else "",
             encoding=i.encoding, warning=i.warning)
        for i in items
    ]
    return _with_counts(rows) | {"batch": batch, "poll_url": reverse("articles:upload_status", args=[batch.id])}


def _ids_context(ids: list[int]) -> dict:
    articles = selectors.articles_by_ids(ids)
    rows = [_Row(a.source_name, a) for a in articles]
    return _with_counts(rows) | {"batch": None, "ids": ",".join(map(str, ids)), "poll_url": _ids_url(ids)}


def _with_counts(rows: list[_Row]) -> dict:
    ids = {row.article.id for row in rows}
    counts = selectors.quote_counts(ids)
    for row in rows:
        row.quote_count = counts.get(row.article.id, 0)
    return {"items": rows, "progress": articles_progress(ids)}


def _ids_url(ids) -> str:
    return f"{reverse('articles:status_list')}?{urlencode({'ids': ','.join(map(str, ids))})}"


def _parse_ids(raw: str) -> list[int]:
    ids = (parse_int(x) for x in raw.split(","))
    return list(dict.fromkeys(i for i in ids if i is not None and i > 0))[:500]


def _body_too_large(request) -> bool:
    # Checked before the body is parsed, so a huge upload is refused before
    # Django streams it to a temporary file.
    length = parse_int(request.META.get("CONTENT_LENGTH") or "0") or 0
    return length > settings.UPLOAD_MAX_BATCH_BYTES + 1024 * 1024


def _limits() -> dict:
    return {
        "file": _mb(settings.UPLOAD_MAX_FILE_BYTES),
        "batch": _mb(settings.UPLOAD_MAX_BATCH_BYTES),
        "zip_members": settings.UPLOAD_MAX_ZIP_MEMBERS,
    }


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n % (1024 * 1024) == 0 else f"{n / (1024 * 1024):.1f} MB"
