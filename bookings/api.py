"""The bookings API: thin views that parse input, call one selector or service and
serialise the answer. Errors come out in the shape of ``makerhub.api.exception_handler``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from bookings import selectors, services
from bookings.models import Booking, Machine, Watch
from makerhub.errors import NotFound, ServiceError


def _iso(moment: datetime, machine: Machine) -> str:
    return timezone.localtime(moment, machine.space.zone).isoformat()


# --- machines -----------------------------------------------------------------------------


class MachineOutput(serializers.ModelSerializer):
    space: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    # null when the machine needs no qualification.
    required_qualification: serializers.StringRelatedField = serializers.StringRelatedField(
        allow_null=True
    )
    url = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Machine
        fields = [
            "id",
            "space",
            "name",
            "slug",
            "kind",
            "make_model",
            "description",
            "photo",
            "photo_alt",
            "work_x_mm",
            "work_y_mm",
            "work_z_mm",
            "materials",
            "status",
            "price_member_per_hour",
            "price_guest_per_hour",
            "required_qualification",
            "slot_minutes",
            "min_duration_minutes",
            "max_duration_minutes",
            "buffer_minutes",
            "max_days_ahead",
            "max_hours_per_week",
            "cancellation_hours",
            "url",
        ]

    def get_url(self, machine: Machine) -> str:
        request = self.context.get("request")
        path = machine.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_photo(self, machine: Machine) -> str | None:
        return machine.photo.url if machine.photo else None


class MachineListApi(generics.ListAPIView):
    """Machines, filtered by ``space`` (slug) and ``kind``. No account needed."""

    permission_classes = [AllowAny]
    serializer_class = MachineOutput
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("space", str, description="space slug"),
            OpenApiParameter("kind", str, enum=Machine.Kind.values),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        kind = self.request.query_params.get("kind") or None
        if kind and kind not in Machine.Kind.values:
            raise ServiceError(
                _("Unknown kind of machine. Choose one of: %(kinds)s.")
                % {"kinds": ", ".join(Machine.Kind.values)},
                field="kind",
            )
        return selectors.machine_list(
            space_slug=self.request.query_params.get("space") or None, kind=kind
        )


class MachineDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = MachineOutput

    def get_object(self) -> Machine:
        return selectors.machine_get(pk=self.kwargs["pk"])


class RangeInput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class IntervalOutput(serializers.Serializer):
    start = serializers.CharField()
    end = serializers.CharField()


class MachineAvailabilityApi(APIView):
    """The machine's free intervals in [start, end) (ISO 8601 with offset, at most 62 days):
    opening hours minus closures, bookings with their buffer, holds and maintenance."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", datetime, required=True),
            OpenApiParameter("end", datetime, required=True),
        ],
        responses=IntervalOutput(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        machine = selectors.machine_get(pk=pk)
        given = RangeInput(data=request.query_params)
        given.is_valid(raise_exception=True)
        start, end = given.validated_data["start"], given.validated_data["end"]
        if end <= start:
            raise ServiceError(_("The end must be after the start."), field="end")
        if end - start > selectors.MAX_AVAILABILITY_RANGE:
            raise ServiceError(
                _("Please ask for at most 62 days at a time."), code="range_too_long", field="end"
            )
        free = selectors.machine_availability(machine=machine, start=start, end=end)
        return Response(
            [{"start": _iso(i.start, machine), "end": _iso(i.end, machine)} for i in free]
        )


class MachineStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Machine.Status.choices)


class MachineStatusApi(APIView):
    """Staff: set the status; out of order or maintenance cancels upcoming bookings."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MachineStatusInput, responses=MachineOutput)
    def post(self, request: Request, pk: int) -> Response:
        machine = selectors.machine_get(pk=pk)
        given = MachineStatusInput(data=request.data)
        given.is_valid(raise_exception=True)
        cancelled = services.machine_status_set(
            machine=machine,
            actor=request.user,  # type: ignore[arg-type]
            status=given.validated_data["status"],
        )
        machine.refresh_from_db()
        body = MachineOutput(machine, context={"request": request}).data
        return Response({**body, "cancelled_bookings": [b.pk for b in cancelled]})


class MaintenanceInput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    reason = serializers.CharField(max_length=250, required=False, allow_blank=True)


# --- bookings -----------------------------------------------------------------------------


class BookingOutput(serializers.ModelSerializer):
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    blocked_until = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "machine",
            "user",
            "kind",
            "status",
            "start",
            "end",
            "blocked_until",
            "note",
            "share_needs",
            "extra_time",
            "outside_hours",
            "price",
            "created_at",
            "cancelled_at",
            "cancel_reason",
            "hold_expires_at",
        ]

    def get_start(self, booking: Booking) -> str:
        return _iso(booking.start, booking.machine)

    def get_end(self, booking: Booking) -> str:
        return _iso(booking.end, booking.machine)

    def get_blocked_until(self, booking: Booking) -> str:
        return _iso(booking.blocked_until, booking.machine)

    def get_user(self, booking: Booking) -> dict[str, Any] | None:
        if booking.user is None:
            return None
        return {"id": booking.user.pk, "name": booking.user.public_name}


class BookingCreateInput(serializers.Serializer):
    machine = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    share_needs = serializers.BooleanField(required=False, default=False)
    extra_time = serializers.BooleanField(required=False, default=False)
    outside_hours = serializers.BooleanField(required=False, default=False)
    user = serializers.IntegerField(
        required=False, help_text="Staff only: book on behalf of this person (id)."
    )


class BookingUpdateInput(serializers.Serializer):
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    share_needs = serializers.BooleanField(required=False)


class BookingListApi(generics.ListCreateAPIView):
    """GET: your own bookings; staff also see every booking of their spaces.
    POST: book (201; 400 rules; 403 qualification with workshops; 409 overlap)."""

    permission_classes = [IsAuthenticated]
    serializer_class = BookingOutput
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.bookings_visible_to(user=self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=BookingCreateInput, responses={201: BookingOutput})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = BookingCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            machine = selectors.machine_get(pk=data["machine"])
        except Exception as exc:
            raise ServiceError(_("There is no such machine."), field="machine") from exc
        user: User = request.user  # type: ignore[assignment]
        if data.get("user") and data["user"] != user.pk:
            user = _person(data["user"])
        booking = services.booking_create(
            machine=machine,
            user=user,
            actor=request.user,  # type: ignore[arg-type]
            start=data["start"],
            end=data["end"],
            note=data["note"],
            share_needs=data["share_needs"],
            extra_time=data["extra_time"],
            outside_hours=data["outside_hours"],
        )
        return Response(BookingOutput(booking).data, status=status.HTTP_201_CREATED)


def _person(pk: int) -> User:
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise ServiceError(_("There is no such person."), field="user")
    return person


class BookingDetailApi(APIView):
    """GET one booking (another person's is 404); PATCH moves it (same rules as a new one)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BookingOutput)
    def get(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        return Response(BookingOutput(booking).data)

    @extend_schema(request=BookingUpdateInput, responses=BookingOutput)
    def patch(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        given = BookingUpdateInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        booking = services.booking_reschedule(
            booking=booking,
            actor=request.user,  # type: ignore[arg-type]
            start=data.get("start", booking.start),
            end=data.get("end", booking.end),
            note=data.get("note"),
            share_needs=data.get("share_needs"),
        )
        return Response(BookingOutput(booking).data)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class BookingCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CancelInput, responses=BookingOutput)
    def post(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        given = CancelInput(data=request.data)
        given.is_valid(raise_exception=True)
        booking = services.booking_cancel(
            booking=booking,
            actor=request.user,  # type: ignore[arg-type]
            reason=given.validated_data["reason"],
        )
        return Response(BookingOutput(booking).data)


class AttendanceInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW])


class BookingAttendanceApi(APIView):
    """Staff: mark checked in or no-show."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=AttendanceInput, responses=BookingOutput)
    def post(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        given = AttendanceInput(data=request.data)
        given.is_valid(raise_exception=True)
        booking = services.booking_mark_attendance(
            booking=booking,
            actor=request.user,  # type: ignore[arg-type]
            status=given.validated_data["status"],
        )
        return Response(BookingOutput(booking).data)


class HoldConfirmInput(serializers.Serializer):
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional: the token from the offer e-mail; checked when given.",
    )


class BookingConfirmApi(APIView):
    """Confirm a hold offered to you (the same as POST /holds/{id}/confirm/)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=HoldConfirmInput, responses=BookingOutput)
    def post(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        if booking.user_id != request.user.pk:
            raise NotFound(_("Not found."))
        given = HoldConfirmInput(data=request.data)
        given.is_valid(raise_exception=True)
        booking = services.hold_confirm(
            booking=booking,
            token=given.validated_data["token"],
            actor=request.user,  # type: ignore[arg-type]
        )
        return Response(BookingOutput(booking).data)


class MaintenanceApi(APIView):
    """Staff: block the machine; bookings in that time are cancelled and their makers told."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MaintenanceInput, responses={201: BookingOutput})
    def post(self, request: Request, pk: int) -> Response:
        machine = selectors.machine_get(pk=pk)
        given = MaintenanceInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        block = services.maintenance_block_create(
            machine=machine,
            actor=request.user,  # type: ignore[arg-type]
            start=data["start"],
            end=data["end"],
            reason=data.get("reason", ""),
        )
        return Response(BookingOutput(block).data, status=status.HTTP_201_CREATED)


# --- watches ------------------------------------------------------------------------------


class WatchOutput(serializers.ModelSerializer):
    class Meta:
        model = Watch
        fields = ["id", "machine", "start", "end", "status", "created_at"]


class WatchInput(serializers.Serializer):
    machine = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class WatchListApi(APIView):
    """Wait for a taken time to free up; the first in line gets a 30-minute hold."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=WatchOutput(many=True))
    def get(self, request: Request) -> Response:
        watches = selectors.watches_for_user(user=request.user)  # type: ignore[arg-type]
        return Response(WatchOutput(watches, many=True).data)

    @extend_schema(request=WatchInput, responses={201: WatchOutput})
    def post(self, request: Request) -> Response:
        given = WatchInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            machine = selectors.machine_get(pk=data["machine"])
        except Exception as exc:
            raise ServiceError(_("There is no such machine."), field="machine") from exc
        watch = services.watch_create(
            machine=machine,
            user=request.user,  # type: ignore[arg-type]
            start=data["start"],
            end=data["end"],
        )
        return Response(WatchOutput(watch).data, status=status.HTTP_201_CREATED)


class WatchDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        watch = Watch.objects.filter(pk=pk, user=request.user.pk).first()
        if watch is None:
            raise NotFound(_("Not found."))
        services.watch_cancel(watch=watch, actor=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- holds ------------------------------------------------------------------------------
# The hold page (/bookings/hold/<id>/<token>/) for the signed-in person the hold is for: see
# it, confirm it, extend it once, decline it. The same services decide; no token is needed
# because the person is signed in, and another person's hold is 404.


class HoldOutput(serializers.Serializer):
    id = serializers.IntegerField()
    machine = serializers.IntegerField(help_text="machine id")
    machine_name = serializers.CharField()
    start = serializers.CharField(help_text="ISO 8601 in the space's local offset")
    end = serializers.CharField()
    status = serializers.ChoiceField(
        choices=Booking.Status.choices,
        help_text="held while open; confirmed, cancelled (declined) or expired afterwards",
    )
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    expires_at = serializers.CharField(
        allow_null=True, help_text="until when the time is held now (null once it is not held)"
    )
    minutes_left = serializers.IntegerField(help_text="whole minutes until expires_at, 0 if over")
    extended = serializers.BooleanField(help_text="the hold was extended (possible once)")
    extend_until = serializers.CharField(
        allow_null=True,
        help_text="the expiry an extension now would give; null when it cannot be extended",
    )


class HoldErrorOutput(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    # Only describes the body for the schema; DRF's metaclass takes the field out of the
    # class, so Serializer.errors is not shadowed.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


_HOLD_ERRORS = {
    400: HoldErrorOutput,  # hold_expired, hold_extended, hold_not_extendable
    404: HoldErrorOutput,
}


def _own_hold(request: Request, pk: int) -> Booking:
    """A hold offered to the signed-in person (open or not any more); 404 for anyone else's
    and for bookings that never were a hold."""
    booking = (
        selectors.bookings_for_user(user=request.user)  # type: ignore[arg-type]
        .filter(pk=pk, watch__isnull=False)
        .first()
    )
    if booking is None:
        raise NotFound(_("Not found."))
    return booking


def _hold_body(booking: Booking) -> dict[str, Any]:
    now = timezone.now()
    machine = booking.machine
    expires = booking.hold_expires_at if booking.status == Booking.Status.HELD else None
    until = services.hold_extension_until(booking=booking, now=now)
    minutes_left = 0
    if expires is not None and expires > now:
        minutes_left = max(1, int(-(-(expires - now).total_seconds() // 60)))
    return {
        "id": booking.pk,
        "machine": machine.pk,
        "machine_name": machine.name,
        "start": _iso(booking.start, machine),
        "end": _iso(booking.end, machine),
        "status": booking.status,
        "price": booking.price,
        "expires_at": _iso(expires, machine) if expires else None,
        "minutes_left": minutes_left,
        "extended": booking.hold_extended,
        "extend_until": _iso(until, machine) if until else None,
    }


def _hold_response(booking: Booking) -> Response:
    return Response(HoldOutput(_hold_body(booking)).data)


class HoldDetailApi(APIView):
    """A hold offered to you after a cancellation: until when it lasts and whether it can
    still be extended. Another person's hold is 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: HoldOutput, 404: HoldErrorOutput})
    def get(self, request: Request, pk: int) -> Response:
        return _hold_response(_own_hold(request, pk))


class HoldConfirmApi(APIView):
    """Confirm the hold: it becomes your booking (confirmation e-mail with calendar file)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: BookingOutput, **_HOLD_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        booking = services.hold_confirm(
            booking=_own_hold(request, pk),
            actor=request.user,  # type: ignore[arg-type]
        )
        return Response(BookingOutput(booking).data)


class HoldExtendApi(APIView):
    """Extend the hold once by up to 30 minutes (never past the start of the held time); an
    e-mail names the new expiry."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: HoldOutput, **_HOLD_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        booking = services.hold_extend(
            booking=_own_hold(request, pk),
            actor=request.user,  # type: ignore[arg-type]
        )
        return _hold_response(booking)


class HoldDeclineApi(APIView):
    """Give the held time up: it goes to the next person waiting."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: HoldOutput, **_HOLD_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        booking = services.hold_decline(
            booking=_own_hold(request, pk),
            actor=request.user,  # type: ignore[arg-type]
        )
        return _hold_response(booking)
