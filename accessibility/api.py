"""API: place profiles as A11yJSON, the need board, the person's own needs profile."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accessibility import a11yjson, selectors, services
from accessibility.models import BarrierNeed, MachineAdaptation, Need, NeedComment
from makerhub.api import Pagination
from makerhub.errors import NotFound
from spaces.models import Space

# --- place profiles ------------------------------------------------------------------------


class PlaceProfileImportSerializer(serializers.Serializer):
    document = serializers.JSONField()
    source_note = serializers.CharField(
        required=False, allow_blank=True, max_length=250, default="", help_text="who measured it"
    )


class SpaceAccessibilityApi(APIView):
    """GET: the space as an A11yJSON PlaceInfo; ``properties.accessibility`` is ``null``
    when nobody has described it. PUT/POST (staff of the space): import a document, either
    the Accessibility object or a whole PlaceInfo, as ``{"document": ..., "source": ...}``."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="space_accessibility_retrieve")
    def get(self, request: Request, slug: str) -> Response:
        space = get_object_or_404(Space, slug=slug)
        document = selectors.place_document(space=space)
        return Response(selectors.place_info(space=space, document=document))  # type: ignore[arg-type]

    @extend_schema(
        request=PlaceProfileImportSerializer,
        responses=OpenApiTypes.OBJECT,
        operation_id="space_accessibility_import",
    )
    def put(self, request: Request, slug: str) -> Response:
        space = get_object_or_404(Space, slug=slug)
        data = request.data
        if not (isinstance(data, dict) and "document" in data):
            data = {"document": data}
        serializer = PlaceProfileImportSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        profile = services.place_profile_import(
            space=space,
            by=request.user,  # type: ignore[arg-type]
            document=serializer.validated_data["document"],
            source=serializer.validated_data["source_note"],
        )
        return Response(selectors.place_info(space=space, document=profile.document))

    @extend_schema(
        request=PlaceProfileImportSerializer,
        responses=OpenApiTypes.OBJECT,
        operation_id="space_accessibility_import_post",
    )
    def post(self, request: Request, slug: str) -> Response:
        return self.put(request, slug)


class SpaceFeaturesApi(APIView):
    """Spaces with every feature asked for (``?features=step_free_entrance&features=...``);
    unknown counts as not confirmed. Each space lists the features its profile confirms."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="accessibility_spaces_list")
    def get(self, request: Request) -> Response:
        wanted = request.query_params.getlist("features")
        unknown = [name for name in wanted if name not in a11yjson.FEATURES]
        if unknown:
            raise ValidationError(
                {"features": [_("Unknown feature: %(name)s") % {"name": unknown[0]}]}
            )
        spaces = selectors.spaces_with_features(features=wanted)
        return Response(
            {
                "features": a11yjson.feature_labels(),
                "results": [
                    {
                        "slug": space.slug,
                        "name": space.name,
                        "described": hasattr(space, "place_profile"),
                        "features": [
                            name
                            for name, test in a11yjson.FEATURES.items()
                            if hasattr(space, "place_profile")
                            and test(space.place_profile.document)
                        ],
                    }
                    for space in spaces
                ],
            }
        )


class AdaptationSerializer(serializers.ModelSerializer):
    class Meta:
        model = MachineAdaptation
        fields = [
            "adapted_controls",
            "adapted_controls_description",
            "safety_guard",
            "seated_operation",
            "height_adjustable_table",
            "table_height_min_cm",
            "table_height_max_cm",
            "notes",
        ]


class MachineAdaptationApi(APIView):
    """GET: a machine's adaptations (``null`` values are unknown; no row at all: all
    unknown). PUT (staff of the machine's space): set them."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    def _machine(self, pk: int) -> Any:
        from bookings.models import Machine

        return get_object_or_404(Machine.objects.select_related("space"), pk=pk)

    @extend_schema(responses=AdaptationSerializer, operation_id="machine_adaptation_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        adaptation = selectors.machine_adaptation(machine=self._machine(pk))
        if adaptation is None:
            return Response(dict.fromkeys(AdaptationSerializer.Meta.fields))
        return Response(AdaptationSerializer(adaptation).data)

    @extend_schema(
        request=AdaptationSerializer,
        responses=AdaptationSerializer,
        operation_id="machine_adaptation_update",
    )
    def put(self, request: Request, pk: int) -> Response:
        serializer = AdaptationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        adaptation = services.machine_adaptation_set(
            machine=self._machine(pk),
            by=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        return Response(AdaptationSerializer(adaptation).data)


# --- need board ------------------------------------------------------------------------------


class NeedOutputSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True, help_text="new, discussion, prototyping, testing, solved, published"
    )
    requester = serializers.CharField(source="requester_name")
    space: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    helpers = serializers.SerializerMethodField()
    design_id = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = BarrierNeed
        fields = [
            "id",
            "title",
            "description",
            "measurements",
            "tried",
            "status",
            "requester",
            "space",
            "helpers",
            "design_id",
            "created_at",
            "url",
        ]

    def get_helpers(self, need: BarrierNeed) -> list[str]:
        return [h.public_name for h in need.helpers.all()]


class NeedInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    description = serializers.CharField()
    measurements = serializers.CharField(required=False, allow_blank=True, default="")
    tried = serializers.CharField(required=False, allow_blank=True, default="")
    shown_as = serializers.CharField(
        default=BarrierNeed.ShownAs.NAME, help_text="name, pseudonym or anonymous"
    )
    pseudonym = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    space: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", queryset=Space.objects.all(), required=False, allow_null=True
    )


class NeedListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    # Named here so that the schema documents the paginated answer, not a plain array.
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=BarrierNeed.Status.values),
            OpenApiParameter("space", str, description="space slug"),
        ],
        responses=NeedOutputSerializer(many=True),
        operation_id="needs_list",
    )
    def get(self, request: Request) -> Response:
        needs = selectors.needs_list(
            user=request.user,  # type: ignore[arg-type]
            status=request.query_params.get("status", ""),
            space=request.query_params.get("space", ""),
        ).prefetch_related("helpers")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(needs, request, view=self)
        return paginator.get_paginated_response(NeedOutputSerializer(page, many=True).data)

    @extend_schema(request=NeedInputSerializer, responses=NeedOutputSerializer)
    def post(self, request: Request) -> Response:
        serializer = NeedInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = services.need_create(requester=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(NeedOutputSerializer(need).data, status=status.HTTP_201_CREATED)


def _need(request: Request, pk: int) -> BarrierNeed:
    return selectors.need_get_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]


class NeedDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=NeedOutputSerializer, operation_id="needs_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        return Response(NeedOutputSerializer(_need(request, pk)).data)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_name", read_only=True)
    kind = serializers.CharField(
        required=False, default=NeedComment.Kind.COMMENT, help_text="comment or offer"
    )

    class Meta:
        model = NeedComment
        fields = ["id", "author", "kind", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class NeedCommentsApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        comments = [c for c in need.comments.all() if c.hidden_at is None]
        for comment in comments:
            comment.need = need
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(request=CommentSerializer, responses=CommentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.need_comment_add(
            need=need,
            author=request.user,  # type: ignore[arg-type]
            text=serializer.validated_data["text"],
            kind=serializer.validated_data.get("kind", NeedComment.Kind.COMMENT),
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class StatusInputSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="the next status, see NEXT_STATUSES")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class NeedStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=StatusInputSerializer, responses=NeedOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        serializer = StatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = services.need_status_set(need=need, by=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(NeedOutputSerializer(need).data)


class NeedTakeOnApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NeedOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        need = services.need_take_on(need=_need(request, pk), user=request.user)  # type: ignore[arg-type]
        return Response(NeedOutputSerializer(need).data)


class NeedWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=None)
    def post(self, request: Request, pk: int) -> Response:
        services.need_withdraw(need=_need(request, pk), by=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class NeedDesignApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NeedOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        services.need_design_create(need=need, by=request.user)  # type: ignore[arg-type]
        need.refresh_from_db()
        return Response(NeedOutputSerializer(need).data, status=status.HTTP_201_CREATED)


class NeedMeetingInputSerializer(serializers.Serializer):
    """PUT replaces the whole meeting: an omitted or null meeting_booking or meeting_session
    clears that link. Who may link which booking or workshop date is checked as on the page."""

    # Parsing only: the rules are in services.need_meeting_set, shared with the page.

    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="When and where they meet, e.g. Tuesday 14:00 at the 3D printer.",
    )
    link = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="An address on this site (starting with /) or a web address.",
    )
    meeting_booking = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Id of a booking: one's own, or (staff) any at their space; null: none.",
    )
    meeting_session = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Id of an upcoming workshop date that is not cancelled; null: none.",
    )


class MeetingBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    machine = serializers.CharField(source="machine.name")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class MeetingSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workshop = serializers.CharField(source="workshop.title")
    workshop_id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    url = serializers.CharField(source="workshop.get_absolute_url")


class NeedMeetingOutputSerializer(serializers.Serializer):
    """The booking is shown only to the person with the need, the helpers and staff (null for
    everyone else); the rest to everyone who may see the need."""

    note = serializers.CharField(source="meeting_note")
    link = serializers.CharField(source="meeting_link")
    booking = serializers.SerializerMethodField()
    session = MeetingSessionSerializer(source="meeting_session", allow_null=True)

    @extend_schema_field(MeetingBookingSerializer(allow_null=True))
    def get_booking(self, need: BarrierNeed) -> dict[str, Any] | None:
        if not self.context.get("sees_booking") or need.meeting_booking is None:
            return None
        return MeetingBookingSerializer(need.meeting_booking).data  # type: ignore[return-value]


def _meeting_output(request: Request, need: BarrierNeed) -> dict[str, Any]:
    sees_booking = services.need_can_work_on(user=request.user, need=need)  # type: ignore[arg-type]
    return NeedMeetingOutputSerializer(need, context={"sees_booking": sees_booking}).data  # type: ignore[return-value]


class NeedMeetingApi(APIView):
    """Where and when the person with the need and the helpers meet: a note, a link, one of
    the bookings or an upcoming workshop date (``PUT`` by the requester, helpers, staff)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=NeedMeetingOutputSerializer, operation_id="needs_meeting_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_meeting_output(request, _need(request, pk)))

    @extend_schema(
        request=NeedMeetingInputSerializer,
        responses=NeedMeetingOutputSerializer,
        operation_id="needs_meeting_update",
    )
    def put(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        serializer = NeedMeetingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = services.need_meeting_set(need=need, by=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(_meeting_output(request, need))


# --- the person's own needs profile --------------------------------------------------------


class NeedsProfileSerializer(serializers.Serializer):
    needs = serializers.ListField(
        child=serializers.CharField(), help_text=", ".join(Need.values), allow_empty=True
    )
    other_needs = serializers.CharField(required=False, allow_blank=True, default="")
    consent = serializers.BooleanField()
    consent_version = serializers.CharField()


class NeedsProfileApi(APIView):
    """Only ever the logged-in person's own profile. DELETE withdraws consent and deletes."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        profile = selectors.needs_profile_for_owner(user=request.user)  # type: ignore[arg-type]
        if profile is None:
            raise NotFound("no needs profile", code="not_found")
        return Response(self._out(profile))

    @extend_schema(request=NeedsProfileSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        serializer = NeedsProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.needs_profile_save(user=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(self._out(profile))

    @extend_schema(responses=None)
    def delete(self, request: Request) -> Response:
        services.needs_profile_withdraw(user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _out(profile: Any) -> dict[str, Any]:
        return {
            "needs": profile.needs,
            "other_needs": profile.other_needs,
            "consent_version": profile.consent_version,
            "consent_given_at": profile.consent_given_at,
        }
