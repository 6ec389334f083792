"""Reads about machines, qualifications and bookings.

Views and the API reach bookings only through the permission-checked fetchers here
(``booking_get_for_user``): another person's booking is "not found", never "forbidden"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from bookings.models import Booking, Machine, Qualification, QualificationGrant, Watch
from spaces.hours import Interval, local_datetime, merge, open_intervals, subtract
from spaces.models import Closure, OpeningHours, Role, Space, SpaceMembership
from spaces.selectors import space_open_intervals, spaces_where_user_has_role, user_has_role

MAX_AVAILABILITY_RANGE = timedelta(days=62)


# --- qualifications ---------------------------------------------------------------------


def qualification_grants_valid(*, user: User, qualification: Qualification) -> QuerySet:
    """The person's grants of this qualification that are in force now."""
    now = timezone.now()
    return QualificationGrant.objects.filter(
        user=user, qualification=qualification, revoked_at__isnull=True
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def user_holds_qualification(*, user: User | None, qualification: Qualification | None) -> bool:
    """True when no qualification is asked for, or the person holds it now."""
    if qualification is None:
        return True
    if user is None or not user.is_authenticated:
        return False
    return qualification_grants_valid(user=user, qualification=qualification).exists()


def inductions_for(*, qualification: Qualification) -> list[dict[str, Any]]:
    """Upcoming workshops that grant the qualification (from the workshops app, if present:
    dicts with title, url, start, session_id). Empty while that app does not offer it."""
    try:
        from workshops.selectors import upcoming_inductions  # type: ignore[attr-defined]
    except ImportError:
        return []
    return list(upcoming_inductions(qualification=qualification))


def user_needs_more_time(*, user: User | None) -> bool:
    """Whether the person has told the accessibility app they need more time."""
    if user is None or not user.is_authenticated:
        return False
    try:
        from accessibility.selectors import (  # type: ignore[attr-defined]
            user_needs_more_time as needs_more_time,
        )
    except ImportError:
        return False
    return bool(needs_more_time(user=user))


def shared_needs(*, bookings: list[Booking]) -> dict[int, list[str]]:
    """Needs the makers chose to share for these bookings (accessibility app, if present)."""
    sharing = [b for b in bookings if b.share_needs and b.user_id]
    if not sharing:
        return {}
    try:
        from accessibility.selectors import (  # type: ignore[attr-defined]
            shared_needs_for_bookings,
        )
    except ImportError:
        return {}
    return dict(shared_needs_for_bookings(bookings=sharing))


def machine_adaptation(*, machine: Machine) -> Any | None:
    """The machine's adaptations as recorded by the accessibility app (None: unknown or no
    accessibility app)."""
    try:
        from accessibility.selectors import (  # type: ignore[attr-defined]
            machine_adaptation as adaptation_of,
        )
    except ImportError:
        return None
    return adaptation_of(machine=machine)


def adaptation_filter_available() -> bool:
    try:
        from accessibility.selectors import machines_with_adaptations  # noqa: F401
    except ImportError:
        return False
    return True


def machines_with_adaptations(
    *, machines: QuerySet[Machine], features: list[str]
) -> QuerySet[Machine]:
    """Narrow ``machines`` to those having every adaptation asked for (one subquery)."""
    if not features:
        return machines
    try:
        from accessibility.selectors import (  # type: ignore[attr-defined]
            machines_with_adaptations as adapted,
        )
    except ImportError:
        return machines
    return machines.filter(pk__in=adapted(features=features).values("pk"))


# --- roles --------------------------------------------------------------------------------


def user_is_space_staff(*, user: User | None, space: Space) -> bool:
    return user_has_role(user=user, space=space, role=Role.STAFF)


def user_is_space_member(*, user: User | None, space: Space) -> bool:
    """Members (and hosts and staff) pay the member price; everyone else the guest price."""
    return user_has_role(user=user, space=space, role=Role.MEMBER)


# --- machines -----------------------------------------------------------------------------


def machine_list(
    *, space: Space | None = None, space_slug: str | None = None, kind: str | None = None
) -> QuerySet[Machine]:
    machines = Machine.objects.select_related("space", "required_qualification")
    if space is not None:
        machines = machines.filter(space=space)
    if space_slug:
        machines = machines.filter(space__slug=space_slug)
    if kind:
        machines = machines.filter(kind=kind)
    return machines.order_by("space__name", "name")


def machine_get(*, pk: int) -> Machine:
    try:
        return Machine.objects.select_related("space", "required_qualification").get(pk=pk)
    except (Machine.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(pk)) from exc


def machines_available_now(*, machines: list[Machine], now: datetime | None = None) -> set[int]:
    """Ids of the machines one could use right now: status available, space open, no active
    booking at this moment. Three queries however many machines."""
    now = now or timezone.now()
    space_ids = {m.space_id for m in machines}
    hours: dict[int, list[tuple[int, time, time]]] = {}
    for h in OpeningHours.objects.filter(space_id__in=space_ids):
        hours.setdefault(h.space_id, []).append((h.weekday, h.opens, h.closes))
    today = now.date()
    closures: dict[int, list[tuple[date, date]]] = {}
    for c in Closure.objects.filter(
        space_id__in=space_ids, start_date__lte=today + timedelta(days=1)
    ).filter(end_date__gte=today - timedelta(days=1)):
        closures.setdefault(c.space_id, []).append((c.start_date, c.end_date))
    busy = set(
        Booking.objects.filter(
            machine__in=[m.pk for m in machines],
            status__in=Booking.ACTIVE,
            start__lte=now,
            blocked_until__gt=now,
        ).values_list("machine_id", flat=True)
    )
    result = set()
    open_cache: dict[int, bool] = {}
    for machine in machines:
        if machine.status != Machine.Status.AVAILABLE or machine.pk in busy:
            continue
        if machine.space_id not in open_cache:
            intervals = open_intervals(
                weekly=hours.get(machine.space_id, []),
                closed_days=closures.get(machine.space_id, []),
                zone=machine.space.zone,
                start=now,
                end=now + timedelta(minutes=1),
            )
            open_cache[machine.space_id] = bool(intervals)
        if open_cache[machine.space_id]:
            result.add(machine.pk)
    return result


def similar_machines(*, machine: Machine) -> QuerySet[Machine]:
    """Other available machines of the same kind, the same space first."""
    return (
        Machine.objects.filter(kind=machine.kind, status=Machine.Status.AVAILABLE)
        .exclude(pk=machine.pk)
        .select_related("space")
        .order_by("name")
    )


# --- availability ---------------------------------------------------------------------------


def busy_intervals(
    *, machine: Machine, start: datetime, end: datetime, exclude_pk: int | None = None
) -> list[Interval]:
    """The machine's active bookings, holds and maintenance blocks overlapping [start, end),
    each as [start, blocked_until): the booked time plus its buffer. One query."""
    rows = Booking.objects.filter(
        machine=machine, status__in=Booking.ACTIVE, start__lt=end, blocked_until__gt=start
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [Interval(s, b) for s, b in rows.values_list("start", "blocked_until")]


def machine_availability(
    *, machine: Machine, start: datetime, end: datetime, ignore_hours: bool = False
) -> list[Interval]:
    """The free intervals of the machine in [start, end): the space's opening hours minus
    closures (or the whole range with ``ignore_hours``, for staff), minus every active
    booking with its buffer, hold and maintenance block. A machine that is not available has
    none. Three queries at most, however many bookings there are."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start or machine.status != Machine.Status.AVAILABLE:
        return []
    base = (
        [Interval(start, end)]
        if ignore_hours
        else space_open_intervals(space=machine.space, start=start, end=end)
    )
    if not base:
        return []
    return subtract(base, busy_intervals(machine=machine, start=start, end=end))


def next_free_slots(
    *, machine: Machine, minutes: int, after: datetime, count: int = 3, days: int = 14
) -> list[Interval]:
    """The first ``count`` slots of ``minutes`` on the machine's grid from ``after`` on whose
    time plus buffer touches no other booking, within ``days``."""
    if machine.status != Machine.Status.AVAILABLE:
        return []
    after = after.astimezone(UTC)
    horizon = after + timedelta(days=days)
    base = space_open_intervals(space=machine.space, start=after, end=horizon)
    busy = busy_intervals(machine=machine, start=after, end=horizon + timedelta(days=1))
    buffer = timedelta(minutes=machine.buffer_minutes)
    # A slot may start where its own buffer does not reach into the next booking.
    placeable = subtract(base, [Interval(b.start - buffer, b.end) for b in busy])
    length = timedelta(minutes=minutes)
    slots: list[Interval] = []
    for free in placeable:
        begin = grid_ceil(free.start, machine=machine)
        while begin + length <= free.end and len(slots) < count:
            slots.append(Interval(begin, begin + length))
            begin += length
        if len(slots) >= count:
            break
    return slots


def grid_ceil(moment: datetime, *, machine: Machine) -> datetime:
    """The first instant at or after ``moment`` on the machine's slot grid (local time)."""
    zone = machine.space.zone
    local = moment.astimezone(zone)
    midnight = local_datetime(local.date(), time(0, 0), zone)
    step = timedelta(minutes=machine.slot_minutes)
    elapsed = moment - midnight
    steps = -(-elapsed // step)  # ceiling division of timedeltas
    return midnight + steps * step


def on_grid(moment: datetime, *, machine: Machine) -> bool:
    local = moment.astimezone(machine.space.zone)
    if local.second or local.microsecond:
        return False
    return (local.hour * 60 + local.minute) % machine.slot_minutes == 0


@dataclass
class Segment:
    start: datetime
    end: datetime
    free: bool
    past: bool = False


def machine_week(
    *, machine: Machine, monday: date, ignore_hours: bool = False
) -> list[dict[str, Any]]:
    """Seven days from ``monday``: for each the free and busy segments during opening hours,
    for the page's week view (a list a screen reader reads in order)."""
    zone = machine.space.zone
    start = local_datetime(monday, time(0, 0), zone)
    end = local_datetime(monday + timedelta(days=7), time(0, 0), zone)
    opened = space_open_intervals(space=machine.space, start=start, end=end)
    busy = busy_intervals(machine=machine, start=start, end=end)
    usable = machine.status == Machine.Status.AVAILABLE
    now = timezone.now()
    gone = [Interval(start, max(start, min(now, end)))]
    upcoming = subtract(opened, gone)
    free = subtract(upcoming, busy) if usable else []
    taken = subtract(upcoming, free)
    over = merge(i for i in opened if i.start < now)
    over = [Interval(i.start, min(i.end, now)) for i in over]
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_start = local_datetime(day, time(0, 0), zone)
        day_end = local_datetime(day + timedelta(days=1), time(0, 0), zone)
        segments = [
            Segment(max(i.start, day_start), min(i.end, day_end), is_free, is_past)
            for intervals, is_free, is_past in (
                (free, True, False),
                (taken, False, False),
                (over, False, True),
            )
            for i in intervals
            if i.start < day_end and i.end > day_start
        ]
        segments.sort(key=lambda s: s.start)
        days.append({"date": day, "segments": segments, "open": bool(segments)})
    return days


def price_estimate(*, machine: Machine, user: User | None, minutes: int) -> Decimal:
    """Members (any role in the space) pay the member rate, everyone else the guest rate."""
    member = user_is_space_member(user=user, space=machine.space)
    rate = machine.price_member_per_hour if member else machine.price_guest_per_hour
    return (rate * Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- bookings -------------------------------------------------------------------------------


def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related("machine", "machine__space", "user")


def bookings_for_user(*, user: User) -> QuerySet[Booking]:
    """The person's own bookings and holds (not maintenance blocks), newest start last."""
    return _bookings().filter(user=user, kind=Booking.Kind.BOOKING).order_by("start")


def bookings_visible_to(*, user: User) -> QuerySet[Booking]:
    """Own bookings, plus every booking of the spaces where the person is staff."""
    if not user.is_authenticated:
        return Booking.objects.none()
    staff_spaces = spaces_where_user_has_role(user=user, role=Role.STAFF)
    return (
        _bookings()
        .filter(Q(user=user) | Q(machine__space__in=staff_spaces))
        .distinct()
        .order_by("start")
    )


def booking_get_for_user(*, user: User, pk: int) -> Booking:
    """The booking if the person may see it (their own, or staff of its space); 404 else."""
    try:
        return bookings_visible_to(user=user).get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(pk)) from exc


def hold_get_by_token(*, pk: int, token: str) -> Booking:
    """A watch hold reached through the link in its e-mail; 404 unless the token matches."""
    booking = _bookings().filter(pk=pk, watch__isnull=False).first()
    if booking is None or not token or booking.hold_token != token:
        raise Http404(str(pk))
    return booking


def watches_for_user(*, user: User) -> QuerySet[Watch]:
    return (
        Watch.objects.filter(user=user, status__in=[Watch.Status.WAITING, Watch.Status.OFFERED])
        .filter(end__gt=timezone.now())
        .select_related("machine", "machine__space")
        .order_by("start")
    )


def booking_week_minutes(
    *, machine: Machine, user: User, moment: datetime, exclude_pk: int | None = None
) -> int:
    """Minutes the person has booked on the machine in the local calendar week of ``moment``."""
    zone = machine.space.zone
    local_day = moment.astimezone(zone).date()
    monday = local_day - timedelta(days=local_day.weekday())
    week_start = local_datetime(monday, time(0, 0), zone)
    week_end = local_datetime(monday + timedelta(days=7), time(0, 0), zone)
    rows = Booking.objects.filter(
        machine=machine,
        user=user,
        kind=Booking.Kind.BOOKING,
        status__in=Booking.ACTIVE,
        start__gte=week_start,
        start__lt=week_end,
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return sum(int((e - s).total_seconds() // 60) for s, e in rows.values_list("start", "end"))


def day_plan(*, space: Space, day: date) -> dict[str, Any]:
    """Every machine of the space with its bookings that day, for the printable staff plan.

    A fixed number of queries however many machines and bookings: machines (1), bookings of
    the day with their people (1), plus what the accessibility app needs for shared needs."""
    zone = space.zone
    start = local_datetime(day, time(0, 0), zone)
    end = local_datetime(day + timedelta(days=1), time(0, 0), zone)
    day_bookings = (
        Booking.objects.filter(
            machine__space=space, status__in=[*Booking.ACTIVE], start__lt=end, end__gt=start
        )
        .select_related("user")
        .only(
            "pk",
            "machine_id",
            "kind",
            "status",
            "start",
            "end",
            "note",
            "share_needs",
            "user__id",
            "user__display_name",
            "user__email",
        )
        .order_by("start")
    )
    machines = list(
        Machine.objects.filter(space=space)
        .prefetch_related(Prefetch("bookings", queryset=day_bookings, to_attr="day_bookings"))
        .order_by("name")
    )
    all_bookings = [b for m in machines for b in m.day_bookings]  # type: ignore[attr-defined]
    needs = shared_needs(bookings=all_bookings)
    for booking in all_bookings:
        booking.shared_needs = needs.get(booking.pk, [])  # type: ignore[attr-defined]
    return {"machines": machines, "start": start, "end": end, "booking_count": len(all_bookings)}


def space_section(*, space: Space, user: User | None) -> dict[str, Any] | None:
    """The machines section of a space's page (nothing when the space has no machines)."""
    machines = list(Machine.objects.filter(space=space).order_by("name"))
    if not machines:
        return None
    return {
        "template": "bookings/partials/space_section.html",
        "space": space,
        "machines": machines,
        "is_staff": user_is_space_staff(user=user, space=space),
    }


def membership_space_ids(*, user: User | None) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(SpaceMembership.objects.filter(user=user).values_list("space_id", flat=True))


def calendar_bookings_for_user(*, user: User) -> QuerySet[Booking]:
    since = timezone.now() - timedelta(days=60)
    return bookings_for_user(user=user).filter(
        status__in=[Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN, Booking.Status.HELD],
        end__gte=since,
    )


def calendar_events_from_workshops(*, user: User) -> list[dict[str, Any]]:
    try:
        from workshops.selectors import calendar_events_for_user  # type: ignore[attr-defined]
    except ImportError:
        return []
    return list(calendar_events_for_user(user=user))


def machine_busy_for_feed(*, machine: Machine) -> list[Booking]:
    since = timezone.now() - timedelta(days=14)
    return list(
        Booking.objects.filter(
            machine=machine, status__in=Booking.ACTIVE, blocked_until__gte=since
        ).only("pk", "start", "end", "blocked_until", "kind", "machine_id")
    )


def served_files() -> list[Any]:
    """Machine photos are public, like the machines' pages (ops/media.py)."""
    from ops.media import ServedFile

    return [
        ServedFile(
            "bookings.Machine",
            "photo",
            visible=lambda machine, user: True,
            download_name=lambda machine: f"machine-{machine.pk}",
        )
    ]
