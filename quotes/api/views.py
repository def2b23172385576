"""JSON API: read quotes and speakers (journalists), merge, split and undo
(editors). Authentication: session or `Authorization: Token <key>` (POST
/api/token/). The editing endpoints call the same services as the pages."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from articles.models import Outlet
from quotes.api.serializers import (
    EditSerializer,
    MergeRequestSerializer,
    QuoteDetailSerializer,
    QuoteEditResultSerializer,
    QuoteFilterSerializer,
    QuoteSerializer,
    SpeakerSerializer,
    SplitRequestSerializer,
)
from quotes.editing import services
from quotes.editing.errors import EditConflict, EditInvalid
from quotes.models import Appearance, Edit, Quote, Speaker
from quotes.roles import EDIT_PERM, READ_PERM, UNDO_PERM


class CanRead(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(READ_PERM)


class CanEdit(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(EDIT_PERM)


class CanUndo(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(EDIT_PERM) and request.user.has_perm(UNDO_PERM)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The data changed; reload and try again."
    default_code = "conflict"


READ = [IsAuthenticated, CanRead]
EDIT = [IsAuthenticated, CanEdit]
_ERRORS = {
    400: OpenApiResponse(description="Invalid request"),
    403: OpenApiResponse(description="Not an editor"),
    404: OpenApiResponse(description="No such quote"),
    409: OpenApiResponse(description="Changed meanwhile, e.g. another editor merged the same quote"),
}


class ById(CursorPagination):
    # A unique, immutable key: pages stay stable while quotes are added or re-linked.
    ordering = "id"


class NewestFirst(CursorPagination):
    ordering = "-id"


@extend_schema(
    request=AuthTokenSerializer,
    responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}), 400: _ERRORS[400]},
)
class TokenView(ObtainAuthToken):
    """POST {"username", "password"}: returns {"token"}; send it as `Authorization: Token <token>`."""

    # Credentials in the body: no session, so no CSRF token is needed.
    authentication_classes = ()
    # Password guessing through the API is slowed here, as django-axes does for the login form.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


class SpeakerList(generics.ListAPIView):
    permission_classes = READ
    serializer_class = SpeakerSerializer
    pagination_class = ById
    queryset = Speaker.objects.prefetch_related("aliases")


@extend_schema(parameters=[QuoteFilterSerializer])
class QuoteList(generics.ListAPIView):
    """Visible quotes, newest first; filter by speaker (id or slug), since
    (last printed on or after), kind, outlet (id or slug)."""

    permission_classes = READ
    serializer_class = QuoteSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        params = QuoteFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        quotes = Quote.objects.visible().select_related("speaker")
        if "speaker" in f:
            quotes = quotes.filter(**_id_or_slug("speaker", f["speaker"]))
        if "since" in f:
            quotes = quotes.filter(last_published__gte=f["since"])
        if "kind" in f:
            quotes = quotes.filter(kind=f["kind"])
        if "outlet" in f:
            outlet = Outlet.objects.filter(**_id_or_slug("", f["outlet"])).first()
            carried = Appearance.objects.filter(article__outlet=outlet).values("quote_id")
            quotes = quotes.filter(id__in=carried)
        return quotes


class QuoteDetail(generics.RetrieveAPIView):
    permission_classes = READ
    serializer_class = QuoteDetailSerializer

    def get_queryset(self):
        return _with_appearances(Quote.objects.all())


class QuoteMerge(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = MergeRequestSerializer

    @extend_schema(request=MergeRequestSerializer, responses={200: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request):
        """Merge `sources` into `target`; returns the merged quote and `edit_id`."""
        data = _valid(MergeRequestSerializer, request)
        target = get_object_or_404(Quote, id=data["target"])
        sources = list(Quote.objects.filter(id__in=data["sources"]))
        if len(sources) != len(set(data["sources"])):
            raise ValidationError({"sources": "Unknown quote id."})
        edit = _apply(
            lambda: services.quote_merge(
                target=target, sources=sources, by=request.user, canonical_text=data.get("canonical_text")
            )
        )
        return Response(_result(edit.quote_id, edit))


class QuoteSplit(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = SplitRequestSerializer
    queryset = Quote.objects.all()

    @extend_schema(request=SplitRequestSerializer, responses={201: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request, pk):
        """Move these appearances into a new quote; returns the new quote and `edit_id`."""
        quote = self.get_object()
        data = _valid(SplitRequestSerializer, request)
        appearances = list(Appearance.objects.filter(id__in=data["appearances"], quote=quote))
        if len(appearances) != len(set(data["appearances"])):
            raise ValidationError({"appearances": "Not appearances of this quote."})
        edit = _apply(lambda: services.quote_split(quote=quote, appearances=appearances, by=request.user))
        return Response(_result(edit.quote_id, edit), status=status.HTTP_201_CREATED)


class EditUndo(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, CanUndo]
    serializer_class = EditSerializer
    queryset = Edit.objects.select_related("user", "undone_by")

    @extend_schema(request=None, responses={200: EditSerializer, **_ERRORS})
    def post(self, request, pk):
        """Undo an edit: restores exactly the state it replaced."""
        edit = _apply(lambda: services.edit_undo(edit=self.get_object(), by=request.user))
        return Response(EditSerializer(edit).data)


def _id_or_slug(prefix: str, value: str) -> dict:
    key = f"{prefix}__" if prefix else ""
    return {f"{key}id": int(value)} if value.isdigit() else {f"{key}slug": value}


def _with_appearances(quotes):
    printings = Appearance.objects.select_related("article__outlet").order_by(
        "article__published", "article_id", "start"
    )
    return quotes.select_related("speaker").prefetch_related(Prefetch("appearances", queryset=printings))


def _result(quote_id: int, edit: Edit) -> dict:
    quote = _with_appearances(Quote.objects.all()).get(id=quote_id)
    quote.edit_id = edit.id
    return QuoteEditResultSerializer(quote).data


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _apply(action):
    try:
        return action()
    except EditConflict as exc:
        raise Conflict(str(exc)) from exc
    except EditInvalid as exc:
        raise ValidationError({"detail": str(exc)}) from exc

