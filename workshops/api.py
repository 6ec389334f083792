"""The workshops API: thin views that parse, call one selector or service, and serialise."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workshops import selectors, services
from workshops.models import Session, Signup, Workshop


class WorkshopSessionOutput(serializers.ModelSerializer):
    seats_left = serializers.SerializerMethodField()
    waitlist_length = serializers.SerializerMethodField()
    cancelled = serializers.SerializerMethodField()
    open_for_signup = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "start",
            "end",
            "room",
            "capacity",
            "seats_left",
            "waitlist_length",
            "signup_deadline",
            "cancelled",
            "open_for_signup",
        ]

    def get_seats_left(self, session: Session) -> int:
        return selectors.seats_left(session)

    def get_waitlist_length(self, session: Session) -> int:
        return selectors.waitlist_length(session)

    def get_cancelled(self, session: Session) -> bool:
        return session.is_cancelled

    def get_open_for_signup(self, session: Session) -> bool:
        return selectors.session_open_for_signup(session)


class WorkshopOutput(serializers.ModelSerializer):
    space: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    accessibility = serializers.SerializerMethodField()
    grants_qualification = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = [
            "id",
            "space",
            "title",
            "easy_summary",
            "easy_read_reviewed_by",
            "easy_read_reviewed_at",
            "category",
            "language",
            "price",
            "photo_alt",
            "accessibility",
            "grants_qualification",
            "url",
            "sessions",
        ]

    def get_accessibility(self, workshop: Workshop) -> dict[str, Any]:
        return {
            "step_free": workshop.step_free,
            "sign_language": workshop.sign_language,
            "large_print": workshop.large_print,
            "quiet_breaks": workshop.quiet_breaks,
            "notes": workshop.accessibility_notes,
        }

    def get_grants_qualification(self, workshop: Workshop) -> str | None:
        q = workshop.grants_qualification
        return q.name if q else None

    def get_url(self, workshop: Workshop) -> str:
        request = self.context.get("request")
        path = workshop.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_sessions(self, workshop: Workshop) -> list[dict[str, Any]]:
        sessions = getattr(workshop, "upcoming_sessions", None)
        if sessions is None:
            sessions = workshop.sessions.all()
        return WorkshopSessionOutput(sessions, many=True).data  # type: ignore[return-value]


class WorkshopDetailOutput(WorkshopOutput):
    hosts = serializers.SerializerMethodField()

    class Meta(WorkshopOutput.Meta):
        fields = [*WorkshopOutput.Meta.fields, "description", "hosts", "requires_qualification"]

    def get_hosts(self, workshop: Workshop) -> list[str]:
        return [host.public_name for host in workshop.hosts.all()]


# "from" is a Python keyword, so the class is built with type() to name the field after the
# query parameter: errors then point at "from", the name the caller used.
WorkshopListFilterInput = type(
    "WorkshopListFilterInput",
    (serializers.Serializer,),
    {
        "space": serializers.SlugField(required=False),
        "category": serializers.ChoiceField(choices=Workshop.Category.choices, required=False),
        "from": serializers.DateField(required=False),
    },
)


class WorkshopListApi(generics.ListAPIView):
    """Workshops with upcoming sessions. Filters: ``space`` (slug), ``category``, ``from``
    (a date, YYYY-MM-DD). No account needed."""

    permission_classes = [AllowAny]
    serializer_class = WorkshopOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("space", str),
            OpenApiParameter("category", str, enum=Workshop.Category.values),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = {k: v for k, v in self.request.query_params.items() if v}
        data = WorkshopListFilterInput(data=params)
        data.is_valid(raise_exception=True)
        filters = selectors.WorkshopFilters(
            space=data.validated_data.get("space", ""),
            category=data.validated_data.get("category", ""),
            date_from=data.validated_data.get("from"),
        )
        return selectors.workshop_list(filters=filters).select_related("grants_qualification")


class WorkshopDetailApi(generics.RetrieveAPIView):
    """One workshop with all its sessions (seats left and waiting-list length each)."""

    permission_classes = [AllowAny]
    serializer_class = WorkshopDetailOutput

    def get_object(self) -> Workshop:
        return selectors.workshop_get(pk=self.kwargs["pk"])


class WorkshopSignupInput(serializers.Serializer):
    needs_text = serializers.CharField(required=False, allow_blank=True, default="")
    needs_options = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    needs_consent = serializers.BooleanField(required=False, default=False)


class WorkshopSignupOutput(serializers.ModelSerializer):
    position = serializers.SerializerMethodField()
    session: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Signup
        fields = ["id", "session", "status", "position", "ticket_code", "offer_expires_at"]

    def get_position(self, signup: Signup) -> int | None:
        return selectors.signup_position(signup)


class SessionSignupApi(APIView):
    """Sign up for a session: 201 with the status ("confirmed" or "waitlisted") and the place
    in the queue. 409 when already signed up or cancelled, 400 after the deadline, 403 with
    ``inductions`` when a required qualification is missing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=WorkshopSignupInput, responses={201: WorkshopSignupOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = WorkshopSignupInput(data=request.data)
        data.is_valid(raise_exception=True)
        signup = services.signup_create(
            session_id=pk,
            user=request.user,  # type: ignore[arg-type]
            **data.validated_data,
        )
        return Response(WorkshopSignupOutput(signup).data, status=status.HTTP_201_CREATED)


class SignupCancelApi(APIView):
    """Cancel one's own sign-up (until the deadline); hosts remove people any time."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: WorkshopSignupOutput})
    def post(self, request: Request, pk: int) -> Response:
        signup = services.signup_cancel(signup_id=pk, actor=request.user)  # type: ignore[arg-type]
        return Response(WorkshopSignupOutput(signup).data)


class SignupAcceptApi(APIView):
    """Accept a seat offered from the waiting list (within 24 h)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: WorkshopSignupOutput})
    def post(self, request: Request, pk: int) -> Response:
        signup = services.signup_offer_accept(signup_id=pk, user=request.user)  # type: ignore[arg-type]
        return Response(WorkshopSignupOutput(signup).data)


class WorkshopAttendeeOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="person_name")
    contact = serializers.CharField()
    position = serializers.SerializerMethodField()
    walk_in = serializers.SerializerMethodField()

    class Meta:
        model = Signup
        fields = [
            "id",
            "name",
            "contact",
            "status",
            "position",
            "attendance",
            "ticket_code",
            "walk_in",
            "needs_text",
            "needs_options",
        ]

    def get_position(self, signup: Signup) -> int | None:
        return selectors.signup_position(signup)

    def get_walk_in(self, signup: Signup) -> bool:
        return signup.user_id is None


class SessionAttendeesApi(APIView):
    """Everyone on a session's list with the needs they shared. Hosts of the workshop and
    staff of its space only; 404 for everybody else."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: WorkshopAttendeeOutput(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
        attendees = selectors.session_attendees(session=session)
        return Response(WorkshopAttendeeOutput(attendees, many=True).data)


class WorkshopAttendanceInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[*Signup.Attendance.choices, ("", _("not marked"))])


class SignupAttendanceApi(APIView):
    """Mark present, absent or excused ("" clears). Hosts and staff only; 404 otherwise."""

    permission_classes = [AllowAny]

    @extend_schema(request=WorkshopAttendanceInput, responses={200: WorkshopAttendeeOutput})
    def post(self, request: Request, pk: int) -> Response:
        selectors.signup_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
        data = WorkshopAttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        signup = services.attendance_mark(
            signup_id=pk,
            actor=request.user,  # type: ignore[arg-type]
            status=data.validated_data["status"],
        )
        return Response(WorkshopAttendeeOutput(signup).data)
