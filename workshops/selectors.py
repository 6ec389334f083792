"""Reads about workshops, sessions and sign-ups, including the permission-checked fetchers
that are the only way views reach an object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from spaces.models import Role, Space
from spaces.selectors import spaces_where_user_has_role, user_has_role
from workshops.models import Session, Signup, Workshop

SEAT = Q(signups__status__in=Signup.SEAT_STATUSES)
WAITING = Q(signups__status=Signup.Status.WAITLISTED)

# The accessibility options that lists can be filtered on: field name -> filter key.
ACCESSIBILITY_FILTERS = ("step_free", "sign_language", "large_print", "quiet_breaks")


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- sessions with their counts -------------------------------------------------------------


def sessions_with_counts() -> QuerySet[Session]:
    """Sessions annotated with ``seats_taken`` and ``waitlist_length`` (one query)."""
    return Session.objects.annotate(
        seats_taken=Count("signups", filter=SEAT),
        waitlist_length=Count("signups", filter=WAITING),
    )


def seats_left(session: Session) -> int:
    taken = getattr(session, "seats_taken", None)
    if taken is None:
        taken = session.signups.filter(status__in=Signup.SEAT_STATUSES).count()
    return max(session.capacity - taken, 0)


def waitlist_length(session: Session) -> int:
    length = getattr(session, "waitlist_length", None)
    if length is None:
        length = session.signups.filter(status=Signup.Status.WAITLISTED).count()
    return length


def signup_position(signup: Signup) -> int | None:
    """The place in the waiting list (1 = next), first come first served; None if not
    waiting. Sign-ups are inserted under the session's lock, so ids give the order."""
    if signup.status != Signup.Status.WAITLISTED:
        return None
    ahead = Signup.objects.filter(
        session_id=signup.session_id, status=Signup.Status.WAITLISTED, pk__lt=signup.pk
    ).count()
    return ahead + 1


def session_open_for_signup(session: Session, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return not session.is_cancelled and session.signup_deadline > now and session.start > now


# --- lists ----------------------------------------------------------------------------------


@dataclass
class WorkshopFilters:
    space: str = ""
    category: str = ""
    date_from: date | None = None
    free_seats: bool = False
    easy_read: bool = False
    accessibility: tuple[str, ...] = ()


def workshop_list(*, filters: WorkshopFilters | None = None) -> QuerySet[Workshop]:
    """Workshops with at least one upcoming session that is not cancelled, soonest first, each
    with ``upcoming_sessions`` (annotated with counts) prefetched. A fixed number of queries."""
    filters = filters or WorkshopFilters()
    now = timezone.now()
    start_after = now
    if filters.date_from:
        zone = timezone.get_current_timezone()
        day_start = datetime.combine(filters.date_from, datetime.min.time(), tzinfo=zone)
        start_after = max(now, day_start)
    session_q = Q(start__gt=start_after, cancelled_at__isnull=True)
    upcoming = sessions_with_counts().filter(session_q)
    if filters.free_seats:
        upcoming = upcoming.filter(seats_taken__lt=F("capacity"))  # type: ignore[misc]
    workshops = Workshop.objects.select_related("space").filter(
        Exists(upcoming.filter(workshop=OuterRef("pk")))
    )
    if filters.space:
        workshops = workshops.filter(space__slug=filters.space)
    if filters.category:
        workshops = workshops.filter(category=filters.category)
    if filters.easy_read:
        workshops = workshops.exclude(easy_summary="")
    for option in filters.accessibility:
        if option in ACCESSIBILITY_FILTERS:
            workshops = workshops.filter(**{option: True})
    first_start = Session.objects.filter(session_q, workshop=OuterRef("pk")).order_by("start")
    return (
        workshops.annotate(next_start=first_start.values("start")[:1])
        .order_by("next_start", "title")
        .prefetch_related(
            Prefetch("sessions", queryset=upcoming.order_by("start"), to_attr="upcoming_sessions")
        )
    )


def workshop_get(*, pk: int) -> Workshop:
    """A workshop for its public page, with space, hosts and all sessions (with counts)."""
    try:
        return (
            Workshop.objects.select_related(
                "space", "grants_qualification", "requires_qualification"
            )
            .prefetch_related(
                "hosts",
                Prefetch("sessions", queryset=sessions_with_counts().order_by("start")),
            )
            .get(pk=pk)
        )
    except Workshop.DoesNotExist as exc:
        raise Http404(str(pk)) from exc


def upcoming_sessions(*, space: Space | None = None) -> QuerySet[Session]:
    sessions = (
        sessions_with_counts()
        .filter(start__gt=timezone.now(), cancelled_at__isnull=True)
        .select_related("workshop__space")
        .order_by("start")
    )
    if space is not None:
        sessions = sessions.filter(workshop__space=space)
    return sessions


# --- permissions ----------------------------------------------------------------------------


def workshop_can_manage(*, user: User | None, workshop: Workshop) -> bool:
    """Hosts of this workshop who still hold the host role in its space, and staff of its
    space (superusers everywhere)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    role = Role.HOST if workshop.hosts.filter(pk=user.pk).exists() else Role.STAFF
    return user_has_role(user=user, space=workshop.space, role=role)


def workshop_get_for_manager(*, pk: int, user: User) -> Workshop:
    """The workshop if the person may manage it; 404 otherwise (we do not reveal it)."""
    workshop = Workshop.objects.select_related("space").filter(pk=pk).first()
    if workshop is None or not workshop_can_manage(user=user, workshop=workshop):
        raise Http404(str(pk))
    return workshop


def session_get_for_manager(*, pk: int, user: User) -> Session:
    session = Session.objects.select_related("workshop__space").filter(pk=pk).first()
    if session is None or not workshop_can_manage(user=user, workshop=session.workshop):
        raise Http404(str(pk))
    return session


def signup_get_for_manager(*, pk: int, user: User) -> Signup:
    signup = Signup.objects.select_related("session__workshop__space", "user").filter(pk=pk).first()
    if signup is None or not workshop_can_manage(user=user, workshop=signup.session.workshop):
        raise Http404(str(pk))
    return signup


def signup_get_for_user(*, pk: int, user: User) -> Signup:
    """The person's own sign-up; 404 for anybody else's."""
    signup = (
        Signup.objects.select_related("session__workshop__space", "user")
        .filter(pk=pk, user_id=user.pk or 0)
        .first()
    )
    if signup is None:
        raise Http404(str(pk))
    return signup


def spaces_user_can_host(*, user: User | None) -> QuerySet[Space]:
    """Spaces in which the person may create workshops (hosts and staff)."""
    return spaces_where_user_has_role(user=user, role=Role.HOST)


def workshops_managed_by(*, user: User) -> QuerySet[Workshop]:
    """Workshops the person hosts, plus every workshop of spaces where they are staff."""
    staff_spaces = spaces_where_user_has_role(user=user, role=Role.STAFF)
    now = timezone.now()
    return (
        Workshop.objects.filter(Q(hosts=user) | Q(space__in=staff_spaces))
        .distinct()
        .select_related("space")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=sessions_with_counts()
                .filter(end__gt=now - timedelta(days=30))
                .order_by("start"),
                to_attr="recent_sessions",
            )
        )
        .order_by("space__name", "title")
    )


def session_attendees(*, session: Session) -> QuerySet[Signup]:
    """Everyone on the session's list (no cancelled rows), seats first, then the queue.
    Call only after a permission-checked fetch: it includes shared needs."""
    return (
        Signup.objects.filter(session=session, status__in=Signup.ACTIVE_STATUSES)
        .select_related("user")
        .order_by("status", "pk")
    )


def signups_for_user(*, user: User) -> QuerySet[Signup]:
    """The person's sign-ups for 'My workshops', upcoming first, without old cancelled ones."""
    return (
        Signup.objects.filter(user=user)
        .exclude(status=Signup.Status.CANCELLED, session__start__lt=timezone.now())
        .select_related("session__workshop__space")
        .order_by("session__start", "pk")
    )


# --- hooks for other apps ---------------------------------------------------------------


def upcoming_inductions(*, qualification: Any) -> list[dict[str, Any]]:
    """Upcoming sessions of induction workshops that grant ``qualification`` and still take
    sign-ups (a seat or a place on the waiting list). Used by the bookings app's answer to a
    missing qualification."""
    now = timezone.now()
    sessions = (
        sessions_with_counts()
        .filter(
            workshop__grants_qualification=qualification,
            cancelled_at__isnull=True,
            start__gt=now,
            signup_deadline__gt=now,
        )
        .select_related("workshop")
        .order_by("start")
    )
    return [
        {
            "title": session.workshop.title,
            "url": session.workshop.get_absolute_url(),
            "start": session.start.isoformat(),
            "session_id": session.pk,
            "seats_left": seats_left(session),
        }
        for session in sessions
    ]


def calendar_events_for_user(*, user: User) -> list[dict[str, Any]]:
    """The person's confirmed sessions (not cancelled, from 30 days ago on) as calendar
    events for the personal feed."""
    if user is None or not user.is_authenticated:
        return []
    signups = (
        Signup.objects.filter(
            user=user,
            status=Signup.Status.CONFIRMED,
            session__cancelled_at__isnull=True,
            session__end__gt=timezone.now() - timedelta(days=30),
        )
        .select_related("session__workshop__space")
        .order_by("session__start")
    )
    return [session_event(signup.session) for signup in signups]


def session_event(session: Session) -> dict[str, Any]:
    workshop = session.workshop
    space = workshop.space
    location = ", ".join(part for part in (session.room, space.name, space.address) if part)
    return {
        "uid": f"workshop-session-{session.pk}@makerhub",
        "summary": workshop.title,
        "start": session.start,
        "end": session.end,
        "location": location,
        "url": absolute_url(workshop.get_absolute_url()),
        "description": workshop.easy_summary or workshop.description[:500],
    }


def space_section(*, space: Space, user: User | None) -> dict[str, Any] | None:
    """Upcoming workshops on the space's page."""
    sessions = list(upcoming_sessions(space=space)[:6])
    return {
        "template": "workshops/partials/space_section.html",
        "space": space,
        "sessions": [{"session": s, "seats_left": seats_left(s)} for s in sessions],
        "can_host": bool(
            user is not None
            and user.is_authenticated
            and user_has_role(user=user, space=space, role=Role.HOST)
        ),
    }


# --- statistics -----------------------------------------------------------------------------


def attendance_stats(*, sessions: QuerySet[Session]) -> dict[str, Any]:
    """Totals over past, held sessions: seats taken, present, absent, excused, unmarked,
    the attendance rate (present of marked) and the no-show rate (absent of marked)."""
    held = sessions.filter(cancelled_at__isnull=True, start__lt=timezone.now())
    rows = Signup.objects.filter(session__in=held, status=Signup.Status.CONFIRMED)
    counts = rows.aggregate(
        confirmed=Count("pk"),
        present=Count("pk", filter=Q(attendance=Signup.Attendance.PRESENT)),
        absent=Count("pk", filter=Q(attendance=Signup.Attendance.ABSENT)),
        excused=Count("pk", filter=Q(attendance=Signup.Attendance.EXCUSED)),
    )
    counts["sessions"] = held.count()
    counts["unmarked"] = (
        counts["confirmed"] - counts["present"] - counts["absent"] - counts["excused"]
    )
    marked = counts["present"] + counts["absent"] + counts["excused"]
    counts["attendance_rate"] = round(100 * counts["present"] / marked) if marked else None
    counts["no_show_rate"] = round(100 * counts["absent"] / marked) if marked else None
    return counts


def workshop_stats(*, workshop: Workshop) -> dict[str, Any]:
    return attendance_stats(sessions=Session.objects.filter(workshop=workshop))


def space_stats(*, space: Space) -> dict[str, Any]:
    workshops = Workshop.objects.filter(space=space).order_by("title")
    return {
        "total": attendance_stats(sessions=Session.objects.filter(workshop__space=space)),
        "workshops": [
            {"workshop": workshop, "stats": workshop_stats(workshop=workshop)}
            for workshop in workshops
        ],
    }


def served_files() -> list[Any]:
    """Workshop photos are public, like the workshops' pages (ops/media.py)."""
    from ops.media import ServedFile

    return [
        ServedFile(
            "workshops.Workshop",
            "photo",
            visible=lambda workshop, user: True,
            download_name=lambda workshop: f"workshop-{workshop.pk}",
        )
    ]
