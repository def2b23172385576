"""JSON API: read quotes and speakers (journalists); merge, split,
reattribute, hide and undo (editors). Authentication: session or
`Authorization: Token <key>` (POST /api/token/). The editing endpoints call
the same services as the pages."""
from django.db import OperationalError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.settings import api_settings
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from claimtrack.params import page_size
from quotes import selectors
from quotes.api.pagination import Keyset, page_body
from quotes.api.serializers import (
    ArticleQuotesSerializer,
    ArticleSerializer,
    OutletSerializer,
    PrintingFilterSerializer,
    PrintingSerializer,
    SearchFilterSerializer,
    SearchHitSerializer,
    SpeakerDirectorySerializer,
    EditSerializer,
    HideRequestSerializer,
    MergeRequestSerializer,
    QuoteDetailSerializer,
    QuoteEditResultSerializer,
    QuoteFilterSerializer,
    QuoteListFilterSerializer,
    QuoteSerializer,
    ReattributeRequestSerializer,
    SplitRequestSerializer,
)
from quotes.editing import services
from quotes.editing.errors import EditConflict, EditInvalid, deadlock_as_conflict
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


@extend_schema(
    request=AuthTokenSerializer,
    responses={
        200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        400: _ERRORS[400],
        429: OpenApiResponse(description="Too many tries: throttled, or this username locked out from this address"),
    },
)
class TokenView(ObtainAuthToken):
    """POST {"username", "password"}: returns {"token"}; send it as `Authorization: Token <token>`."""

    # Credentials in the body: no session, so no CSRF token is needed.
    authentication_classes = ()
    # Password guessing through the API is slowed here, as django-axes does for the login form.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    # ObtainAuthToken names its parsers; ours refuses JSON nested too deeply.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes flags the request it refused (this username from this
            # address); its middleware never sees DRF's request, so say it here.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut() from None
            raise


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Too many failed logins for this username from this address; try again in an hour."
    default_code = "locked_out"


@extend_schema(parameters=[OpenApiParameter("q", str, description="Name or alias contains (e.g. heal).")])
class SpeakerList(generics.ListAPIView):
    """Every speaker, by id, with aliases, quote and outlet counts and the
    date last quoted."""

    permission_classes = READ
    serializer_class = SpeakerDirectorySerializer
    pagination_class = Keyset
    keyset_order = ["id"]

    def get_queryset(self):
        return selectors.speakers_for_api(search=self.request.query_params.get("q", "").strip()[:100])


@extend_schema(parameters=[QuoteListFilterSerializer])
class QuoteList(generics.ListAPIView):
    """Visible quotes, newest first; filter by speaker (id or slug), since
    (last printed on or after), until (first printed on or before), kind,
    outlet (id or slug). Follow `next` until it is null to get them all."""

    permission_classes = READ
    serializer_class = QuoteSerializer
    pagination_class = Keyset
    keyset_order = ["-id"]

    def get_queryset(self):
        return selectors.quotes_filtered(_filters(self.request, QuoteListFilterSerializer))


class QuoteDetail(generics.RetrieveAPIView):
    permission_classes = READ
    serializer_class = QuoteDetailSerializer

    def get_queryset(self):
        return selectors.quotes_with_printings()


class QuoteMerge(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = MergeRequestSerializer

    @extend_schema(request=MergeRequestSerializer, responses={200: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request):
        """Merge `sources` into `target`; returns the merged quote and `edit_id`."""
        data = _valid(MergeRequestSerializer, request)
        target = _quote(data["target"])
        sources = selectors.quotes_by_ids(data["sources"])
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
    queryset = selectors.quotes_all()

    @extend_schema(request=SplitRequestSerializer, responses={201: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request, pk):
        """Move these appearances into a new quote; returns the new quote and `edit_id`."""
        quote = self.get_object()
        data = _valid(SplitRequestSerializer, request)
        appearances = selectors.appearances_of(quote=quote, ids=data["appearances"])
        if len(appearances) != len(set(data["appearances"])):
            raise ValidationError({"appearances": "Not appearances of this quote."})
        edit = _apply(lambda: services.quote_split(quote=quote, appearances=appearances, by=request.user))
        return Response(_result(edit.quote_id, edit), status=status.HTTP_201_CREATED)


class QuoteReattribute(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = ReattributeRequestSerializer
    queryset = selectors.quotes_all()

    @extend_schema(request=ReattributeRequestSerializer, responses={200: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request, pk):
        """Give the quote, or one of its printings, to another speaker (or to
        a new one, by name); returns the quote now holding it and `edit_id`.
        The attribution is locked against re-extraction."""
        quote = self.get_object()
        data = _valid(ReattributeRequestSerializer, request)
        if "new_speaker" in data:
            target = {"new_speaker": data["new_speaker"]}
        else:
            speaker = selectors.speaker_by_key(data["speaker"])
            if speaker is None:
                raise ValidationError({"speaker": "Unknown speaker id or slug."})
            target = {"speaker": speaker}
        common = {**target, "alias": data["alias"], "by": request.user}
        if "appearance" in data:
            appearance = _appearance_of(quote, data["appearance"])
            edit = _apply(lambda: services.appearance_reattribute(appearance=appearance, **common))
        else:
            edit = _apply(lambda: services.quote_reattribute(quote=quote, **common))
        return Response(_result(edit.quote_id, edit))


class QuoteHide(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = HideRequestSerializer
    queryset = selectors.quotes_all()

    @extend_schema(request=HideRequestSerializer, responses={200: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request, pk):
        """Mark the quote, or one printing of it, "not a quote": kept for the
        audit, never brought back by re-extraction, undoable with `edit_id`."""
        quote = self.get_object()
        data = _valid(HideRequestSerializer, request)
        if "appearance" in data:
            appearance = _appearance_of(quote, data["appearance"])
            edit = _apply(lambda: services.span_suppress(appearance=appearance, by=request.user))
        else:
            edit = _apply(lambda: services.quote_hide(quote=quote, by=request.user))
        return Response(_result(edit.quote_id, edit))


class QuoteConfirm(generics.GenericAPIView):
    permission_classes = EDIT
    serializer_class = QuoteEditResultSerializer
    queryset = selectors.quotes_all()

    @extend_schema(request=None, responses={200: QuoteEditResultSerializer, **_ERRORS})
    def post(self, request, pk):
        """Confirm the quote's attribution: it leaves the review queue and is
        no longer "unverified"; undoable with `edit_id`."""
        quote = self.get_object()
        edit = _apply(lambda: services.quote_confirm(quote=quote, by=request.user))
        return Response(_result(edit.quote_id, edit))


def _appearance_of(quote, appearance_id: int):
    found = selectors.appearances_of(quote=quote, ids=[appearance_id])
    if not found:
        raise ValidationError({"appearance": "Not an appearance of this quote."})
    return found[0]


def _quote(quote_id: int):
    return get_object_or_404(selectors.quotes_all(), id=quote_id)


class EditUndo(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, CanUndo]
    serializer_class = EditSerializer
    queryset = selectors.edits_with_users()

    @extend_schema(request=None, responses={200: EditSerializer, **_ERRORS})
    def post(self, request, pk):
        """Undo an edit: restores exactly the state it replaced."""
        edit = _apply(lambda: services.edit_undo(edit=self.get_object(), by=request.user))
        return Response(EditSerializer(edit).data)


def _found(found):
    """A speaker or outlet named in the URL (by id or slug), or 404."""
    if found is None:
        raise NotFound()
    return found


def _result(quote_id: int, edit) -> dict:
    quote = selectors.quotes_with_printings().get(id=quote_id)
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
    except OperationalError as exc:
        if (conflict := deadlock_as_conflict(exc)) is None:
            raise
        raise Conflict(str(conflict)) from exc



# --- browse and search (issue 7) ----------------------------------------------------------------
# Lists page by keyset (quotes.browse): the cost of a page does not grow
# with its depth or the corpus, and nothing counts the whole list.


def _filters(request, serializer_class=None) -> selectors.QuoteFilters:
    """The quote filters, checked first against the parameters the schema
    documents (so a blank `kind` or `outlet` is refused as the schema says),
    then looked up: an unknown speaker or outlet is a 400 that says so."""
    if serializer_class is not None:
        serializer_class(data=request.query_params).is_valid(raise_exception=True)
    filters, errors = selectors.parse_filters(request.query_params)
    if errors:
        raise ValidationError({"detail": errors})
    return filters


class SpeakerDetail(generics.RetrieveAPIView):
    """One speaker (by id or slug) with counts and aliases; their quotes are at
    /api/quotes/?speaker=<slug>."""

    permission_classes = READ
    serializer_class = SpeakerDirectorySerializer
    def get_object(self):
        self.check_permissions(self.request)
        return _found(selectors.speaker_by_key(self.kwargs["key"]))


# Highlighting runs per hit shown, so a page of hits is capped lower than other lists.
SEARCH_PAGE_MAX = 100


@extend_schema(
    parameters=[SearchFilterSerializer],
    responses={
        200: inline_serializer("SearchPage", {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": SearchHitSerializer(many=True),
        }),
        400: _ERRORS[400],
    },
)
class QuoteSearch(generics.GenericAPIView):
    """Full-text search (English stemming) with trigram matching for typos and
    fragments, best first, combined with the quote filters. At most the best
    330 are returned (quotes.search.MAX_RESULTS); export every match from
    the search page, or narrow with filters."""

    permission_classes = READ
    serializer_class = SearchHitSerializer
    pagination_class = None

    def get(self, request):
        params = SearchFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = _filters(request)
        size = page_size(request.query_params.get("page_size"), default=20, maximum=SEARCH_PAGE_MAX)
        page = selectors.search_keyset_page(
            q=params.validated_data["q"], filters=filters, cursor=request.query_params.get("cursor", ""), size=size
        )
        for hit in page.items:
            hit.quote.rank, hit.quote.fuzzy, hit.quote.highlighted = hit.rank, hit.fuzzy, str(hit.headline)
        results = SearchHitSerializer([h.quote for h in page.items], many=True).data
        return Response(page_body(request, page, results))


class OutletList(generics.ListAPIView):
    """Every outlet, by name, with the date of its latest article."""

    permission_classes = READ
    serializer_class = OutletSerializer
    pagination_class = Keyset
    keyset_order = ["name", "id"]

    def get_queryset(self):
        return selectors.outlets_directory()


class OutletDetail(generics.RetrieveAPIView):
    permission_classes = READ
    serializer_class = OutletSerializer

    def get_object(self):
        self.check_permissions(self.request)
        return _found(selectors.by_id_or_slug(selectors.outlets_directory(), self.kwargs["key"]))


@extend_schema(parameters=[PrintingFilterSerializer])
class OutletPrintings(generics.ListAPIView):
    """What an outlet carried: its printings, newest first, each with its quote
    and whether the outlet carried it first."""

    permission_classes = READ
    serializer_class = PrintingSerializer
    pagination_class = Keyset
    keyset_order = selectors.PRINTING_ORDER

    def get_queryset(self):
        outlet = _found(selectors.outlet_by_key(self.kwargs["key"]))
        params = PrintingFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = _filters(self.request)
        first = params.validated_data.get("first", False)
        return selectors.outlet_printings(outlet=outlet, first_only=first, kind=filters.kind, speaker=filters.speaker)


class OutletArticles(generics.ListAPIView):
    """An outlet's articles, newest first."""

    permission_classes = READ
    serializer_class = ArticleSerializer
    pagination_class = Keyset
    keyset_order = selectors.ARTICLE_ORDER

    def get_queryset(self):
        outlet = _found(selectors.outlet_by_key(self.kwargs["key"]))
        return selectors.outlet_articles(outlet=outlet).select_related("outlet")


class ArticleQuotes(generics.RetrieveAPIView):
    """An article's metadata and every quotation in it, in text order, each
    with its quote (and speaker): the article page as data."""

    permission_classes = READ
    serializer_class = ArticleQuotesSerializer

    def get_object(self):
        self.check_permissions(self.request)
        return _found(selectors.article_with_printings(self.kwargs["pk"]))
