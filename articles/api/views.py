from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from articles import selectors
from articles.models import UploadItem
from claimtrack.api import JSONParser
from claimtrack.params import parse_int
from articles.uploads import IncomingFile, UploadRejected, upload_submit

from .serializers import ArticleStatusSerializer, JsonUploadSerializer, UploadResultSerializer, UploadSerializer


class _ArticlePerm(BasePermission):
    """Upload (POST) needs articles.add_article, status (GET) articles.view_article."""

    def has_permission(self, request, view):
        perm = "articles.view_article" if request.method in ("GET", "HEAD", "OPTIONS") else "articles.add_article"
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(perm))


@extend_schema(
    request=UploadSerializer,
    responses={
        202: UploadResultSerializer,
        200: UploadResultSerializer,
        400: OpenApiResponse(description="Refused, nothing stored: every reason in `errors`"),
        413: OpenApiResponse(description="Larger than the upload limit"),
    },
)
@api_view(["POST"])
@permission_classes([_ArticlePerm])
@parser_classes([MultiPartParser, FormParser, JSONParser])
def article_upload(request):
    """Upload one or more documents. 202: stored and queued; 200: every
    document was already ingested (the existing article's id); 400: refused,
    with every reason in `errors`, and nothing stored."""
    if (parse_int(request.META.get("CONTENT_LENGTH") or "0") or 0) > settings.UPLOAD_MAX_BATCH_BYTES + 1024 * 1024:
        limit = settings.UPLOAD_MAX_BATCH_BYTES / (1024 * 1024)
        return Response({"errors": [f"The upload is larger than the limit of {limit:.1f} MB per upload."]}, status=413)
    is_json = request.content_type.startswith("application/json")
    serializer = (JsonUploadSerializer if is_json else UploadSerializer)(data=request.data)
    if not serializer.is_valid():
        return Response({"errors": _flatten(serializer.errors)}, status=status.HTTP_400_BAD_REQUEST)
    data = serializer.validated_data
    if is_json:
        files = [IncomingFile(f["name"], f["content"].encode("utf-8")) for f in data.get("files", [])]
    else:
        files = [IncomingFile(f.name, f.read()) for f in data.get("files", [])]
    # `outlet` is an Outlet the serializer found, or a new name (as with ingest).
    outlet, new_outlet_name = data.get("outlet"), data.get("new_outlet") or ""
    if isinstance(outlet, str):
        outlet, new_outlet_name = None, outlet
    try:
        stored = upload_submit(
            files=files,
            pasted_text=data.get("text") or "",
            outlet=outlet,
            new_outlet_name=new_outlet_name,
            url=data.get("url") or None,
            published=data.get("published"),
            title=data.get("title") or "",
            created_by=request.user,
        )
    except UploadRejected as exc:
        return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
    articles = [
        {"id": i.article_id, "status": i.article.status, "name": i.name, "outcome": i.outcome,
         "encoding": i.encoding, "warning": i.warning}
        for i in stored.items
    ]
    any_new = any(i.outcome != UploadItem.Outcome.DUPLICATE for i in stored.items)
    batch_id = stored.batch.id if stored.batch else None
    body = {**articles[0], "batch": batch_id, "worker_available": stored.worker_available, "articles": articles}
    for key in ("name", "encoding", "warning"):
        body.pop(key)
    return Response(body, status=status.HTTP_202_ACCEPTED if any_new else status.HTTP_200_OK)


@extend_schema(responses=ArticleStatusSerializer)
@api_view(["GET"])
@permission_classes([_ArticlePerm])
def article_status(request, article_id):
    """An article's processing state: queued, processing, done or failed."""
    article = get_object_or_404(selectors.articles_with_quote_count(), id=article_id)
    return Response(ArticleStatusSerializer(article).data)


def _flatten(errors, prefix="") -> list[str]:
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "" if key == "non_field_errors" else f"{prefix}{key}"
            out += _flatten(value, f"{name}: " if name else prefix)
    elif isinstance(errors, list):
        for value in errors:
            out += _flatten(value, prefix)
    else:
        out.append(f"{prefix}{errors}")
    return out
