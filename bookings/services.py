"""Writes about machines, qualifications and bookings.

Every writer that can change who holds a machine's time follows one order: validate the
input, lock the machine row (``select_for_update``), check the rules and overlaps against the
database, write, and queue e-mails with ``transaction.on_commit``. The lock serialises writers
per machine on every database (SQLite too); on PostgreSQL the exclusion constraint
``booking_no_overlap`` is the last word, and its violation becomes the same friendly 409."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bookings import selectors
from bookings.models import (
    KIND_DEFAULTS,
    Booking,
    CalendarFeed,
    Machine,
    Qualification,
    QualificationGrant,
    Watch,
)
from makerhub.errors import Conflict, PermissionDenied, ServiceError
from spaces.hours import Interval
from spaces.models import Role, Space
from spaces.selectors import space_open_intervals, user_has_role

HOLD_MINUTES = 30
HOLD_EXTEND_MINUTES = 30  # once, on the hold page (WCAG 2.2.1)

# The concurrency tests switch the row lock off to show that the race it closes is real, and
# pause between check and write to widen the window. Nothing else touches these.
LOCK_MACHINE_ROWS = True
_pause_after_check: Callable[[], None] | None = None


# --- qualifications ---------------------------------------------------------------------


def _require_staff(*, actor: User | None, qualification: Qualification) -> None:
    if actor is None:
        return  # the system itself, e.g. an induction's attendance
    if not user_has_role(user=actor, space=qualification.space, role=Role.STAFF):
        raise PermissionDenied(
            _("Only staff of %(space)s may grant or revoke this qualification.")
            % {"space": qualification.space}
        )


@transaction.atomic
def qualification_grant(
    *,
    qualification: Qualification,
    user: User,
    granted_by: User | None,
    source: str = "",
    note: str = "",
    check_permission: bool = True,
) -> QualificationGrant:
    """Record that ``user`` holds ``qualification`` from now on (until it expires).

    ``granted_by`` must be staff of the qualification's space unless ``check_permission`` is
    False (used when attendance at an induction grants it; pass the host as granted_by)."""
    if check_permission:
        _require_staff(actor=granted_by, qualification=qualification)
    now = timezone.now()
    expires = (
        now + timedelta(days=qualification.valid_for_days) if qualification.valid_for_days else None
    )
    return QualificationGrant.objects.create(
        qualification=qualification,
        user=user,
        granted_by=granted_by,
        granted_at=now,
        expires_at=expires,
        source=source,
        note=note,
    )


@transaction.atomic
def qualification_revoke(
    *,
    qualification: Qualification,
    user: User,
    revoked_by: User | None,
    source: str | None = None,
    check_permission: bool = True,
) -> int:
    """Revoke the person's valid grants (only those from ``source`` when given).

    The rows stay, marked with who revoked them and when. Returns how many were revoked."""
    if check_permission:
        _require_staff(actor=revoked_by, qualification=qualification)
    grants = selectors.qualification_grants_valid(user=user, qualification=qualification)
    if source is not None:
        grants = grants.filter(source=source)
    return grants.update(revoked_at=timezone.now(), revoked_by=revoked_by)


# --- machines -----------------------------------------------------------------------------


@transaction.atomic
def machine_create(*, space: Space, actor: User | None, **fields: Any) -> Machine:
    """A new machine with its kind's booking-rule defaults for every rule not given."""
    if actor is not None and not selectors.user_is_space_staff(user=actor, space=space):
        raise PermissionDenied(_("Only staff of this space may add machines."))
    kind = fields.get("kind", Machine.Kind.OTHER)
    values = {**KIND_DEFAULTS[kind], **fields}
    machine = Machine(space=space, **values)
    machine.full_clean()
    machine.save()
    return machine


def _require_space_staff(*, actor: User | None, space: Space) -> None:
    if actor is None:
        return
    if not selectors.user_is_space_staff(user=actor, space=space):
        raise PermissionDenied(_("Only staff of %(space)s may do this.") % {"space": space})


def _lock(machine: Machine) -> Machine:
    """Lock the machine row for the rest of the transaction and return it fresh."""
    machines = Machine.objects.select_related("space", "required_qualification")
    if LOCK_MACHINE_ROWS:
        machines = machines.select_for_update(of=("self",))
    return machines.get(pk=machine.pk)


# --- rules ----------------------------------------------------------------------------------


def _local(moment: datetime, machine: Machine) -> str:
    return timezone.localtime(moment, machine.space.zone).strftime("%d.%m.%Y %H:%M")


def _check_times(*, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Refuse naive or reversed times; return both in UTC. (Python subtracts two datetimes
    with the same tzinfo by their wall clocks, which is wrong across a clock change.)"""
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ServiceError(
            _("Please give times with a time zone offset, e.g. 2026-03-28T10:00:00+01:00."),
            code="naive_time",
            field="start",
        )
    if end <= start:
        raise ServiceError(
            _("The end must be after the start."), code="end_before_start", field="end"
        )
    return start.astimezone(UTC), end.astimezone(UTC)


def _check_rules(
    *,
    machine: Machine,
    user: User,
    start: datetime,
    end: datetime,
    outside_hours: bool = False,
    extra_time: bool = False,
    exclude_pk: int | None = None,
    now: datetime | None = None,
) -> None:
    """Every booking rule except the overlap; raises ServiceError (400) or
    PermissionDenied (403, with the workshops that grant a missing qualification)."""
    now = now or timezone.now()
    start, end = _check_times(start=start, end=end)
    if start < now:
        raise ServiceError(
            _("This time has already begun or passed. Please choose a later time."),
            code="in_past",
            field="start",
        )
    if not (selectors.on_grid(start, machine=machine) and selectors.on_grid(end, machine=machine)):
        raise ServiceError(
            _(
                "Bookings for this machine start and end on the %(minutes)s-minute grid, "
                "e.g. at :00 or :%(minutes)s."
            )
            % {"minutes": machine.slot_minutes},
            code="off_grid",
            field="start",
        )
    minutes = int((end - start).total_seconds() // 60)
    if minutes < machine.min_duration_minutes:
        raise ServiceError(
            _("A booking of this machine lasts at least %(minutes)s minutes.")
            % {"minutes": machine.min_duration_minutes},
            code="too_short",
            field="end",
        )
    longest = machine.max_duration_minutes
    if extra_time and selectors.user_needs_more_time(user=user):
        longest *= 2
    if minutes > longest:
        raise ServiceError(
            _("A booking of this machine lasts at most %(minutes)s minutes.")
            % {"minutes": longest},
            code="too_long",
            field="end",
        )
    if start > now + timedelta(days=machine.max_days_ahead):
        raise ServiceError(
            _("This machine can be booked at most %(days)s days ahead.")
            % {"days": machine.max_days_ahead},
            code="too_far_ahead",
            field="start",
        )
    if machine.status != Machine.Status.AVAILABLE:
        raise ServiceError(
            _("This machine cannot be booked at the moment: %(status)s.")
            % {"status": machine.get_status_display()},
            code="machine_unavailable",
            field="machine",
        )
    if not outside_hours:
        opened = space_open_intervals(space=machine.space, start=start, end=end)
        if opened != [Interval(start, end)]:
            raise ServiceError(
                _(
                    "The space is not open for the whole time you chose. Please pick a time "
                    "within the opening hours."
                ),
                code="outside_hours",
                field="start",
            )
    used = selectors.booking_week_minutes(
        machine=machine, user=user, moment=start, exclude_pk=exclude_pk
    )
    if used + minutes > machine.max_hours_per_week * 60:
        raise ServiceError(
            _(
                "This would take you over the limit of %(hours)s hours per week on this "
                "machine (already booked that week: %(used)s minutes)."
            )
            % {"hours": machine.max_hours_per_week, "used": used},
            code="weekly_quota",
            field="end",
        )
    qualification = machine.required_qualification
    if not selectors.user_holds_qualification(user=user, qualification=qualification):
        assert qualification is not None
        raise PermissionDenied(
            _(
                "This machine needs the qualification “%(name)s”. Upcoming workshops that "
                "grant it are listed with this message."
            )
            % {"name": qualification.name},
            code="qualification_required",
            field="machine",
            extra={
                "qualification": qualification.name,
                "workshops": selectors.inductions_for(qualification=qualification),
            },
        )


def _overlap_error() -> Conflict:
    return Conflict(
        _(
            "This time overlaps another booking of the machine or the time needed after it "
            "(cooling, cleaning). Please choose another time."
        ),
        code="overlap",
        field="start",
    )


def _check_overlap(
    *, machine: Machine, start: datetime, blocked_until: datetime, exclude_pk: int | None = None
) -> None:
    if selectors.busy_intervals(
        machine=machine, start=start, end=blocked_until, exclude_pk=exclude_pk
    ):
        raise _overlap_error()


def _save(booking: Booking, **kwargs: Any) -> None:
    """Save in a savepoint; the database's no-overlap constraint becomes a friendly 409."""
    if _pause_after_check is not None:
        _pause_after_check()
    try:
        with transaction.atomic():
            booking.save(**kwargs)
    except IntegrityError as exc:
        if "booking_no_overlap" in str(exc):
            raise _overlap_error() from exc
        raise


def _blocked_until(machine: Machine, end: datetime) -> datetime:
    return end + timedelta(minutes=machine.buffer_minutes)


# --- bookings -----------------------------------------------------------------------------


def booking_create(
    *,
    machine: Machine,
    user: User,
    start: datetime,
    end: datetime,
    actor: User | None = None,
    note: str = "",
    share_needs: bool = False,
    extra_time: bool = False,
    outside_hours: bool = False,
) -> Booking:
    """Book the machine for ``user``. ``actor`` is who asks (defaults to ``user``); staff of
    the space may book on someone's behalf and, with ``outside_hours``, outside opening
    hours. Raises ServiceError (400), PermissionDenied (403) or Conflict (409)."""
    actor = actor or user
    start, end = _check_times(start=start, end=end)
    with transaction.atomic():
        machine = _lock(machine)
        is_staff = selectors.user_is_space_staff(user=actor, space=machine.space)
        if actor.pk != user.pk and not is_staff:
            raise PermissionDenied(_("Only staff may book on someone else's behalf."))
        if outside_hours and not is_staff:
            raise PermissionDenied(_("Only staff may book outside opening hours."))
        _check_rules(
            machine=machine,
            user=user,
            start=start,
            end=end,
            outside_hours=outside_hours,
            extra_time=extra_time,
        )
        blocked_until = _blocked_until(machine, end)
        _check_overlap(machine=machine, start=start, blocked_until=blocked_until)
        minutes = int((end - start).total_seconds() // 60)
        booking = Booking(
            machine=machine,
            user=user,
            start=start,
            end=end,
            blocked_until=blocked_until,
            note=note,
            share_needs=share_needs,
            extra_time=extra_time,
            outside_hours=outside_hours,
            price=selectors.price_estimate(machine=machine, user=user, minutes=minutes),
            created_by=actor,
        )
        _save(booking)
        _queue("booking_confirmation_task", booking.pk)
    return booking


def booking_reschedule(
    *,
    booking: Booking,
    actor: User,
    start: datetime,
    end: datetime,
    note: str | None = None,
    share_needs: bool | None = None,
) -> Booking:
    """Move a booking to a new time under the same rules as a new one, atomically: either it
    moves or nothing changes. Time it gives up goes to people watching for it."""
    start, end = _check_times(start=start, end=end)
    with transaction.atomic():
        machine = _lock(booking.machine)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        is_staff = selectors.user_is_space_staff(user=actor, space=machine.space)
        if booking.user_id != actor.pk and not is_staff:
            raise PermissionDenied(_("You may only change your own bookings."))
        if booking.kind != Booking.Kind.BOOKING or booking.status != Booking.Status.CONFIRMED:
            raise ServiceError(
                _("Only confirmed bookings can be moved."), code="not_movable", field="start"
            )
        if not is_staff:
            _check_deadline(booking=booking, machine=machine)
        assert booking.user is not None
        _check_rules(
            machine=machine,
            user=booking.user,
            start=start,
            end=end,
            outside_hours=booking.outside_hours and is_staff,
            extra_time=booking.extra_time,
            exclude_pk=booking.pk,
        )
        blocked_until = _blocked_until(machine, end)
        _check_overlap(
            machine=machine, start=start, blocked_until=blocked_until, exclude_pk=booking.pk
        )
        booking.start, booking.end, booking.blocked_until = start, end, blocked_until
        booking.price = selectors.price_estimate(
            machine=machine, user=booking.user, minutes=booking.duration_minutes
        )
        booking.reminder_sent_at = None
        if note is not None:
            booking.note = note
        if share_needs is not None:
            booking.share_needs = share_needs
        _save(booking)
        _offer_freed_time(machine=machine)
        _queue("booking_confirmation_task", booking.pk)
    return booking


def _check_deadline(*, booking: Booking, machine: Machine) -> None:
    deadline = booking.start - timedelta(hours=machine.cancellation_hours)
    if timezone.now() > deadline:
        raise ServiceError(
            _(
                "Changes are possible until %(hours)s hours before the start. Please ask the "
                "space's staff."
            )
            % {"hours": machine.cancellation_hours},
            code="deadline_passed",
        )


def booking_cancel(*, booking: Booking, actor: User | None, reason: str = "") -> Booking:
    """Cancel: the person before the machine's deadline, staff of the space at any time
    (``actor`` None is the system). The row stays, marked cancelled, with who and when."""
    with transaction.atomic():
        machine = _lock(booking.machine)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        is_staff = actor is None or selectors.user_is_space_staff(user=actor, space=machine.space)
        if not is_staff and (actor is None or booking.user_id != actor.pk):
            raise PermissionDenied(_("You may only cancel your own bookings."))
        if not booking.is_active or booking.status in (
            Booking.Status.CHECKED_IN,
            Booking.Status.NO_SHOW,
        ):
            raise ServiceError(
                _("This booking cannot be cancelled any more (status: %(status)s).")
                % {"status": booking.get_status_display()},
                code="not_cancellable",
            )
        if not is_staff and booking.status == Booking.Status.CONFIRMED:
            _check_deadline(booking=booking, machine=machine)
        _mark_cancelled(booking, actor=actor, reason=reason)
        if booking.watch_id:
            Watch.objects.filter(pk=booking.watch_id).update(status=Watch.Status.CANCELLED)
        _offer_freed_time(machine=machine)
        if booking.kind == Booking.Kind.BOOKING and booking.user_id:
            _queue("booking_cancelled_task", booking.pk)
    return booking


def _mark_cancelled(booking: Booking, *, actor: User | None, reason: str) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor
    booking.cancel_reason = reason[:250]
    booking.hold_expires_at = None
    booking.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "hold_expires_at"]
    )


@transaction.atomic
def booking_mark_attendance(*, booking: Booking, actor: User, status: str) -> Booking:
    """Staff mark a booking as checked in or as a no-show."""
    if status not in (Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW):
        raise ServiceError(
            _("Choose “checked in” or “no-show”."), code="invalid_status", field="status"
        )
    machine = _lock(booking.machine)
    _require_space_staff(actor=actor, space=machine.space)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.kind != Booking.Kind.BOOKING or booking.status not in (
        Booking.Status.CONFIRMED,
        Booking.Status.CHECKED_IN,
        Booking.Status.NO_SHOW,
    ):
        raise ServiceError(
            _("Only confirmed bookings can be marked."), code="invalid_status", field="status"
        )
    if status == Booking.Status.NO_SHOW and booking.start > timezone.now():
        raise ServiceError(
            _("A booking can only be marked as a no-show once it has begun."),
            code="not_started",
            field="status",
        )
    booking.status = status
    booking.attendance_marked_by = actor
    booking.save(update_fields=["status", "attendance_marked_by"])
    return booking


def maintenance_block_create(
    *, machine: Machine, actor: User | None, start: datetime, end: datetime, reason: str = ""
) -> Booking:
    """Block the machine for maintenance. Bookings and holds in that time are cancelled and
    their makers e-mailed with other free slots or a similar machine."""
    start, end = _check_times(start=start, end=end)
    with transaction.atomic():
        machine = _lock(machine)
        _require_space_staff(actor=actor, space=machine.space)
        if end <= timezone.now():
            raise ServiceError(_("This time has already passed."), code="in_past", field="end")
        overlapping = list(
            Booking.objects.select_for_update().filter(
                machine=machine, status__in=Booking.ACTIVE, start__lt=end, blocked_until__gt=start
            )
        )
        if any(b.kind == Booking.Kind.MAINTENANCE for b in overlapping):
            raise Conflict(
                _("There is already a maintenance block in this time."),
                code="overlap",
                field="start",
            )
        text = reason or _("Maintenance")
        for booking in overlapping:
            if booking.status in (Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW):
                # Already under way or over: the block starts after it.
                raise Conflict(
                    _(
                        "Someone is using the machine in this time; let the block start after "
                        "their booking."
                    ),
                    code="overlap",
                    field="start",
                )
            _mark_cancelled(booking, actor=actor, reason=text)
            if booking.watch_id:
                Watch.objects.filter(pk=booking.watch_id).update(status=Watch.Status.WAITING)
            _queue("booking_cancelled_task", booking.pk)
        block = Booking(
            machine=machine,
            user=None,
            kind=Booking.Kind.MAINTENANCE,
            start=start,
            end=end,
            blocked_until=end,
            note=reason,
            created_by=actor,
        )
        _save(block)
    return block


def machine_status_set(*, machine: Machine, actor: User | None, status: str) -> list[Booking]:
    """Set the machine's status. Out of order or in maintenance cancels every upcoming booking
    and hold, e-mailing the makers with a similar machine; returns the cancelled bookings."""
    if status not in Machine.Status.values:
        raise ServiceError(_("Unknown status."), code="invalid_status", field="status")
    with transaction.atomic():
        machine = _lock(machine)
        _require_space_staff(actor=actor, space=machine.space)
        machine.status = status
        machine.save(update_fields=["status"])
        cancelled: list[Booking] = []
        if status != Machine.Status.AVAILABLE:
            upcoming = Booking.objects.select_for_update().filter(
                machine=machine,
                kind=Booking.Kind.BOOKING,
                status__in=[Booking.Status.CONFIRMED, Booking.Status.HELD],
                end__gt=timezone.now(),
            )
            reason = _("The machine is %(status)s.") % {"status": machine.get_status_display()}
            for booking in upcoming:
                _mark_cancelled(booking, actor=actor, reason=reason)
                if booking.watch_id:
                    Watch.objects.filter(pk=booking.watch_id).update(status=Watch.Status.MISSED)
                _queue("booking_cancelled_task", booking.pk)
                cancelled.append(booking)
        else:
            _offer_freed_time(machine=machine)
    return cancelled


# --- watches and holds ---------------------------------------------------------------------


def watch_create(*, machine: Machine, user: User, start: datetime, end: datetime) -> Watch:
    """Wait for a time of a machine to free up. The time must be one the person could book
    under every rule but the overlap; if it is free now they are told to book it instead."""
    start, end = _check_times(start=start, end=end)
    with transaction.atomic():
        machine = _lock(machine)
        _check_rules(machine=machine, user=user, start=start, end=end)
        if not selectors.busy_intervals(
            machine=machine, start=start, end=_blocked_until(machine, end)
        ):
            raise ServiceError(
                _("This time is free: you can book it right away."),
                code="already_free",
                field="start",
            )
        if Watch.objects.filter(
            machine=machine,
            user=user,
            start=start,
            end=end,
            status__in=[Watch.Status.WAITING, Watch.Status.OFFERED],
        ).exists():
            raise ServiceError(
                _("You are already waiting for this time."), code="duplicate", field="start"
            )
        return Watch.objects.create(machine=machine, user=user, start=start, end=end)


@transaction.atomic
def watch_cancel(*, watch: Watch, actor: User) -> Watch:
    if watch.user_id != actor.pk:
        raise PermissionDenied(_("You may only stop your own watches."))
    Watch.objects.filter(pk=watch.pk).update(status=Watch.Status.CANCELLED)
    watch.status = Watch.Status.CANCELLED
    return watch


def _offer_freed_time(*, machine: Machine, now: datetime | None = None) -> list[Booking]:
    """Give freed time to the people waiting for it: the oldest waiting watch whose whole
    range is now bookable gets a 30-minute hold, then the next, and so on. Call with the
    machine locked, inside the transaction that freed the time."""
    now = now or timezone.now()
    holds = []
    waiting = Watch.objects.filter(
        machine=machine, status=Watch.Status.WAITING, start__gt=now
    ).select_related("user")
    for watch in waiting.order_by("created_at", "pk"):
        blocked_until = _blocked_until(machine, watch.end)
        if selectors.busy_intervals(machine=machine, start=watch.start, end=blocked_until):
            continue
        try:
            _check_rules(machine=machine, user=watch.user, start=watch.start, end=watch.end)
        except ServiceError:
            continue  # e.g. over their weekly limit now: the next in line gets it
        hold = Booking(
            machine=machine,
            user=watch.user,
            status=Booking.Status.HELD,
            start=watch.start,
            end=watch.end,
            blocked_until=blocked_until,
            hold_expires_at=now + timedelta(minutes=HOLD_MINUTES),
            hold_token=secrets.token_urlsafe(24),
            watch=watch,
            price=selectors.price_estimate(
                machine=machine,
                user=watch.user,
                minutes=int((watch.end - watch.start).total_seconds() // 60),
            ),
        )
        _save(hold)
        watch.status = Watch.Status.OFFERED
        watch.save(update_fields=["status"])
        _queue("hold_offered_task", hold.pk)
        holds.append(hold)
    return holds


def _hold_check_person(*, booking: Booking, token: str, actor: User | None) -> None:
    """Who may act on a hold: whoever has the token from the offer e-mail (the link), or the
    signed-in person it is for (the API). A token, when given, must match; a signed-in
    ``actor`` must be that person."""
    if token and not secrets.compare_digest(booking.hold_token, token):
        raise PermissionDenied(_("This link is not valid."))
    if actor is not None and actor.pk != booking.user_id:
        raise PermissionDenied(_("Only the person this time is held for can do this."))
    if not token and actor is None:
        raise PermissionDenied(_("This link is not valid."))


def _hold_check_open(*, booking: Booking, now: datetime) -> None:
    if (
        booking.status != Booking.Status.HELD
        or booking.hold_expires_at is None
        or booking.hold_expires_at <= now
    ):
        raise ServiceError(_("This hold has expired or was already used."), code="hold_expired")


def hold_extension_until(*, booking: Booking, now: datetime | None = None) -> datetime | None:
    """Until when the hold would last if it were extended now, or None when it cannot be
    (no longer held, expired, already extended once, or the held time starts first). The
    hold page and the API offer the extension only when this is not None."""
    now = now or timezone.now()
    expires = booking.hold_expires_at
    if booking.status != Booking.Status.HELD or expires is None or expires <= now:
        return None
    if booking.hold_extended:
        return None
    until = min(expires + timedelta(minutes=HOLD_EXTEND_MINUTES), booking.start)
    return until if until > expires else None


def hold_confirm(*, booking: Booking, token: str = "", actor: User | None = None) -> Booking:
    """Turn a hold into a confirmed booking: through the link in the offer e-mail
    (``token``) or by the signed-in person it is for (``actor``)."""
    with transaction.atomic():
        _lock(booking.machine)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        _hold_check_person(booking=booking, token=token, actor=actor)
        _hold_check_open(booking=booking, now=timezone.now())
        booking.status = Booking.Status.CONFIRMED
        booking.hold_expires_at = None
        booking.created_by = booking.user
        booking.save(update_fields=["status", "hold_expires_at", "created_by"])
        if booking.watch_id:
            Watch.objects.filter(pk=booking.watch_id).update(status=Watch.Status.FULFILLED)
        _queue("booking_confirmation_task", booking.pk)
    return booking


def hold_extend(*, booking: Booking, token: str = "", actor: User | None = None) -> Booking:
    """Give the person a hold is for more time to decide (WCAG 2.2.1, timing adjustable): the
    hold lasts ``HOLD_EXTEND_MINUTES`` longer, once, while it has not expired, never beyond
    the start of the held time. The token from the offer e-mail shows it is that person; a
    signed-in ``actor`` must be that person too. The person gets an e-mail naming the new
    expiry (the offer e-mail named the old one)."""
    with transaction.atomic():
        _lock(booking.machine)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        _hold_check_person(booking=booking, token=token, actor=actor)
        now = timezone.now()
        _hold_check_open(booking=booking, now=now)
        if booking.hold_extended:
            raise ServiceError(
                _("This hold was already extended once. Please confirm or decline it now."),
                code="hold_extended",
            )
        until = hold_extension_until(booking=booking, now=now)
        if until is None:
            raise ServiceError(
                _("This hold cannot be extended: the held time starts before that."),
                code="hold_not_extendable",
            )
        booking.hold_expires_at = until
        booking.hold_extended = True
        booking.save(update_fields=["hold_expires_at", "hold_extended"])
        _queue("hold_extended_task", booking.pk)
    return booking


def hold_decline(*, booking: Booking, token: str = "", actor: User | None = None) -> Booking:
    """The person does not need the held time: the hold is cancelled (by them) and the time
    goes to the next person waiting. Only an open hold can be declined; a confirmed booking
    is cancelled with ``booking_cancel`` and its deadline."""
    with transaction.atomic():
        machine = _lock(booking.machine)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        _hold_check_person(booking=booking, token=token, actor=actor)
        _hold_check_open(booking=booking, now=timezone.now())
        _mark_cancelled(booking, actor=booking.user, reason=_("Declined"))
        if booking.watch_id:
            Watch.objects.filter(pk=booking.watch_id).update(status=Watch.Status.CANCELLED)
        _offer_freed_time(machine=machine)
    return booking


def holds_expire(*, now: datetime | None = None) -> int:
    """Expire unconfirmed holds and pass their time to the next person waiting. Safe to run
    twice at once: each hold is re-read under the machine lock. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    due = Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lte=now)
    for booking_id, machine_id in due.values_list("pk", "machine_id"):
        with transaction.atomic():
            machine = _lock(Machine(pk=machine_id))
            updated = Booking.objects.filter(
                pk=booking_id, status=Booking.Status.HELD, hold_expires_at__lte=now
            ).update(status=Booking.Status.EXPIRED)
            if not updated:
                continue
            expired += 1
            Watch.objects.filter(holds__pk=booking_id).update(status=Watch.Status.MISSED)
            _offer_freed_time(machine=machine, now=now)
    return expired


# --- reminders and feeds ---------------------------------------------------------------------


def booking_reminders_due(*, now: datetime | None = None) -> list[int]:
    """Claim the confirmed bookings starting within 24 hours that had no reminder yet.

    Each is claimed with a conditional UPDATE (reminder_sent_at from NULL to now), so two
    runs at once never both claim one: the caller sends exactly one e-mail per id returned."""
    now = now or timezone.now()
    candidates = Booking.objects.filter(
        kind=Booking.Kind.BOOKING,
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    claimed = []
    for pk in list(candidates):
        if Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            claimed.append(pk)
    return claimed


def calendar_feed_get(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """Replace the secret address; the old one stops working at once."""
    feed = calendar_feed_get(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed


def _queue(task_name: str, booking_id: int) -> None:
    from bookings import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(booking_id))
