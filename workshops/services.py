"""Writes about workshops, sessions, sign-ups and attendance.

Every function runs in one transaction. Anything that changes who holds a seat locks the
session row first (``_lock_session``), then counts, then writes: that is what keeps the
capacity under concurrent sign-ups and what stops a seat being handed out twice."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accessibility.easy_read_review import easy_read_review_after_edit
from accounts.models import User
from bookings.models import Qualification
from bookings.selectors import qualification_grants_valid, user_holds_qualification
from bookings.services import qualification_grant, qualification_revoke
from makerhub.errors import Conflict, NotFound, PermissionDenied, ServiceError
from ops.uploads import image_reencode
from spaces.models import Role, Space
from spaces.selectors import user_has_role
from workshops import series as series_dates
from workshops import tasks
from workshops.models import Session, Signup, Workshop
from workshops.selectors import signup_position, upcoming_inductions, workshop_can_manage

S = Signup.Status
A = Signup.Attendance

OFFER_WHEN_MORE_THAN = timedelta(hours=48)
OFFER_VALID_FOR = timedelta(hours=24)
ATTENDANCE_OPENS_BEFORE = timedelta(hours=2)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: easy to type


def _ticket_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Signup.objects.filter(ticket_code=code).exists():
            return code


def _lock_session(session_id: int) -> Session:
    """Lock the session row for the rest of the transaction and return it with its
    workshop. Lock first, read second: the counts read afterwards cannot change under us."""
    locked = Session.objects.select_for_update().filter(pk=session_id).first()
    if locked is None:
        raise NotFound(_("This session does not exist."))
    return Session.objects.select_related(
        "workshop__space", "workshop__requires_qualification", "workshop__grants_qualification"
    ).get(pk=session_id)


def _local(value: datetime, space: Space) -> str:
    return date_format(value.astimezone(space.zone), "DATETIME_FORMAT")


def _notify(signup_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.signup_notify_task.delay(signup_id, kind))


def _require_manager(*, actor: User, workshop: Workshop) -> None:
    if not workshop_can_manage(user=actor, workshop=workshop):
        # Not found rather than forbidden: people who do not run it need not know it.
        raise NotFound(_("This workshop does not exist or you do not run it."))


def _seats_taken(session: Session) -> int:
    return Signup.objects.filter(session=session, status__in=Signup.SEAT_STATUSES).count()


def _clean_needs(
    *, needs_text: str, needs_options: Iterable[str] | None, needs_consent: bool
) -> tuple[str, list[str]]:
    text = (needs_text or "").strip()
    options = [str(option).strip() for option in needs_options or [] if str(option).strip()]
    if (text or options) and not needs_consent:
        raise ServiceError(
            _(
                "Please tick the box to agree that the hosts may see your needs, "
                "or leave the needs empty."
            ),
            field="needs_consent",
        )
    if len(text) > 2000:
        raise ServiceError(
            _("Please describe your needs in at most 2000 characters."), field="needs_text"
        )
    return text, options


def _insert(
    session: Session,
    *,
    user: User | None,
    guest_name: str = "",
    guest_contact: str = "",
    added_by: User | None = None,
    needs_text: str = "",
    needs_options: list[str] | None = None,
) -> Signup:
    """Call with the session locked: a seat if one is free, else the end of the queue."""
    status = S.CONFIRMED if _seats_taken(session) < session.capacity else S.WAITLISTED
    try:
        with transaction.atomic():
            signup = Signup.objects.create(
                session=session,
                user=user,
                guest_name=guest_name,
                guest_contact=guest_contact,
                status=status,
                ticket_code=_ticket_code(),
                added_by=added_by,
                needs_consent=bool(needs_text or needs_options),
                needs_text=needs_text,
                needs_options=needs_options or [],
            )
    except IntegrityError as exc:  # the unique constraint: a second tab was quicker
        raise Conflict(
            _("You are already signed up for this session."), code="already_signed_up"
        ) from exc
    return signup


# --- sign-up --------------------------------------------------------------------------------


@transaction.atomic
def signup_create(
    *,
    session_id: int,
    user: User,
    needs_text: str = "",
    needs_options: Iterable[str] | None = None,
    needs_consent: bool = False,
) -> Signup:
    """Sign the person up: a seat if one is free, else a place on the waiting list.

    Raises Conflict (twice, cancelled session), ServiceError (deadline passed, started) or
    PermissionDenied with ``extra["inductions"]`` when a required qualification is missing."""
    text, options = _clean_needs(
        needs_text=needs_text, needs_options=needs_options, needs_consent=needs_consent
    )
    session = _lock_session(session_id)
    workshop = session.workshop
    now = timezone.now()
    if session.is_cancelled:
        raise Conflict(
            _("This session has been cancelled, so you cannot sign up for it."),
            code="session_cancelled",
        )
    if session.start <= now:
        raise ServiceError(_("This session has already started."), code="session_started")
    if session.signup_deadline <= now:
        raise ServiceError(
            _("Sign-up for this session closed on %(deadline)s.")
            % {"deadline": _local(session.signup_deadline, workshop.space)},
            code="deadline_passed",
        )
    existing = Signup.objects.filter(session=session, user=user).exclude(status=S.CANCELLED)
    current = existing.first()
    if current is not None:
        if current.status == S.WAITLISTED:
            message = _(
                "You are already on the waiting list for this session (place %(position)s)."
            ) % {"position": signup_position(current)}
        elif current.status == S.OFFERED:
            message = _("A seat in this session is already offered to you. Please accept it.")
        else:
            message = _("You are already signed up for this session.")
        raise Conflict(message, code="already_signed_up", extra={"signup_id": current.pk})
    required = workshop.requires_qualification
    if required is not None and not user_holds_qualification(user=user, qualification=required):
        raise PermissionDenied(
            _("Only people with the qualification “%(name)s” can sign up for this workshop.")
            % {"name": required.name},
            code="qualification_missing",
            extra={"inductions": upcoming_inductions(qualification=required)},
        )
    signup = _insert(session, user=user, needs_text=text, needs_options=options)
    _notify(signup.pk, "confirmed" if signup.status == S.CONFIRMED else "waitlisted")
    return signup


def signup_create_series(
    *,
    workshop_id: int,
    user: User,
    needs_text: str = "",
    needs_options: Iterable[str] | None = None,
    needs_consent: bool = False,
) -> list[Signup]:
    """Sign up for every upcoming, open session of the workshop that the person is not on
    yet. All or nothing: if one sign-up is refused, none is kept."""
    now = timezone.now()
    with transaction.atomic():
        sessions = list(
            Session.objects.filter(
                workshop_id=workshop_id,
                cancelled_at__isnull=True,
                start__gt=now,
                signup_deadline__gt=now,
            )
            .exclude(
                Exists(
                    Signup.objects.filter(
                        session=OuterRef("pk"), user=user, status__in=Signup.ACTIVE_STATUSES
                    )
                )
            )
            .order_by("start")
        )
        if not sessions:
            raise ServiceError(
                _("There is no open session of this workshop you are not already signed up for."),
                code="nothing_to_sign_up",
            )
        return [
            signup_create(
                session_id=session.pk,
                user=user,
                needs_text=needs_text,
                needs_options=needs_options,
                needs_consent=needs_consent,
            )
            for session in sessions
        ]


@transaction.atomic
def signup_add_by_host(
    *,
    session_id: int,
    actor: User,
    name: str = "",
    contact: str = "",
    user: User | None = None,
) -> Signup:
    """A host adds someone (walk-in, phone sign-up): a person with an account when
    ``contact`` is their e-mail, otherwise just a name and a contact. Hosts may add people
    after the deadline; the capacity still holds (full: the waiting list)."""
    session = _lock_session(session_id)
    _require_manager(actor=actor, workshop=session.workshop)
    if session.is_cancelled:
        raise Conflict(_("This session has been cancelled."), code="session_cancelled")
    if session.end <= timezone.now():
        raise ServiceError(_("This session is over."), code="session_over")
    name, contact = name.strip(), contact.strip()
    if user is None and contact and "@" in contact:
        user = User.objects.filter(email__iexact=contact).first()
    if user is None and not name:
        raise ServiceError(_("Please enter the person's name."), field="name")
    if user is not None:
        if Signup.objects.filter(session=session, user=user).exclude(status=S.CANCELLED).exists():
            raise Conflict(
                _("%(name)s is already on the list of this session.") % {"name": user},
                code="already_signed_up",
                field="contact",
            )
        signup = _insert(session, user=user, added_by=actor)
    else:
        signup = _insert(session, user=None, guest_name=name, guest_contact=contact, added_by=actor)
    _notify(signup.pk, "confirmed" if signup.status == S.CONFIRMED else "waitlisted")
    return signup


@transaction.atomic
def signup_cancel(*, signup_id: int, actor: User) -> Signup:
    """The attendee cancels (until the deadline) or a host removes them (any time). A seat
    that frees goes to the waiting list at once."""
    session_id = Signup.objects.filter(pk=signup_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise NotFound(_("This sign-up does not exist."))
    session = _lock_session(session_id)
    signup = Signup.objects.select_related("user").get(pk=signup_id)
    is_own = signup.user_id is not None and signup.user_id == actor.pk
    is_manager = workshop_can_manage(user=actor, workshop=session.workshop)
    if not is_own and not is_manager:
        raise NotFound(_("This sign-up does not exist."))
    if signup.status == S.CANCELLED:
        raise Conflict(_("This sign-up is already cancelled."), code="already_cancelled")
    now = timezone.now()
    # After the deadline a confirmed seat can no longer be given back online (the hosts plan
    # with it); a waiting-list place or an offer can always be declined.
    confirmed = signup.status == S.CONFIRMED
    if not is_manager and confirmed and session.signup_deadline <= now:
        raise ServiceError(
            _(
                "You can no longer cancel online: the deadline was %(deadline)s. "
                "Please tell the hosts if you cannot come."
            )
            % {"deadline": _local(session.signup_deadline, session.workshop.space)},
            code="deadline_passed",
        )
    held_seat = signup.status in Signup.SEAT_STATUSES
    signup.status = S.CANCELLED
    signup.cancelled_at = now
    signup.cancel_reason = Signup.CancelReason.ATTENDEE if is_own else Signup.CancelReason.HOST
    signup.offer_expires_at = None
    signup.save(update_fields=["status", "cancelled_at", "cancel_reason", "offer_expires_at"])
    if not is_own:
        _notify(signup.pk, "removed")
    if held_seat and not session.is_cancelled and session.start > now:
        _promote(session, now=now)
    return signup


def _promote(session: Session, *, now: datetime) -> list[Signup]:
    """Call with the session locked. Hands each free seat to the next person waiting:
    confirmed at once when the session is 48 h away or less, else offered for 24 h."""
    promoted: list[Signup] = []
    free = session.capacity - _seats_taken(session)
    if free <= 0:
        return promoted
    queue = list(Signup.objects.filter(session=session, status=S.WAITLISTED).order_by("pk")[:free])
    for signup in queue:
        if session.start - now > OFFER_WHEN_MORE_THAN:
            signup.status = S.OFFERED
            signup.offer_expires_at = min(now + OFFER_VALID_FOR, session.start)
            kind = "offered"
        else:
            signup.status = S.CONFIRMED
            signup.offer_expires_at = None
            kind = "promoted"
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _notify(signup.pk, kind)
        promoted.append(signup)
    return promoted


@transaction.atomic
def waitlist_promote(*, session_id: int) -> list[Signup]:
    """Fill free seats from the waiting list (e.g. after the capacity grew). Safe to call
    twice: a seat handed out is taken, so the second call finds none free."""
    session = _lock_session(session_id)
    if session.is_cancelled or session.start <= timezone.now():
        return []
    return _promote(session, now=timezone.now())


@transaction.atomic
def signup_offer_accept(*, signup_id: int, user: User) -> Signup:
    session_id = (
        Signup.objects.filter(pk=signup_id, user_id=user.pk or 0)
        .values_list("session_id", flat=True)
        .first()
    )
    if session_id is None:
        raise NotFound(_("This sign-up does not exist."))
    _lock_session(session_id)
    signup = Signup.objects.get(pk=signup_id)
    if signup.status == S.CONFIRMED:
        raise Conflict(_("You already have this seat."), code="already_confirmed")
    if signup.status != S.OFFERED:
        raise Conflict(_("There is no seat offered to you for this session."), code="no_offer")
    if signup.offer_expires_at is None or signup.offer_expires_at <= timezone.now():
        raise Conflict(
            _("Sorry, this offer has expired and the seat has passed on."), code="offer_expired"
        )
    signup.status = S.CONFIRMED
    signup.offer_expires_at = None
    signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _notify(signup.pk, "confirmed")
    return signup


def offers_expire(*, now: datetime | None = None) -> int:
    """Withdraw offers not accepted in time and pass each seat on. Returns how many expired;
    running it twice expires nothing the second time."""
    now = now or timezone.now()
    session_ids = set(
        Signup.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list(
            "session_id", flat=True
        )
    )
    expired = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            session = _lock_session(session_id)
            stale = list(
                Signup.objects.filter(session=session, status=S.OFFERED, offer_expires_at__lte=now)
            )
            for signup in stale:
                signup.status = S.CANCELLED
                signup.cancelled_at = now
                signup.cancel_reason = Signup.CancelReason.OFFER_EXPIRED
                signup.offer_expires_at = None
                signup.save(
                    update_fields=["status", "cancelled_at", "cancel_reason", "offer_expires_at"]
                )
                _notify(signup.pk, "offer_expired")
                expired += 1
            if stale and not session.is_cancelled and session.start > now:
                _promote(session, now=now)
    return expired


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue a reminder for each confirmed sign-up whose session starts within 24 h. Each
    row is claimed with a conditional UPDATE, so a reminder goes out once even when this
    runs twice at the same time."""
    now = now or timezone.now()
    candidates = Signup.objects.filter(
        status=S.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__cancelled_at__isnull=True,
        session__start__gt=now,
        session__start__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for signup_id in list(candidates):
        with transaction.atomic():
            claimed = Signup.objects.filter(
                pk=signup_id, status=S.CONFIRMED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _notify(signup_id, "reminder")
                sent += 1
    return sent


# --- attendance and inductions ----------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, signup_id: int, actor: User, status: str) -> Signup:
    """Mark a confirmed attendee present, absent or excused ("" clears the mark). For an
    induction, being present at all its sessions grants the qualification; undoing the
    mark revokes the grant that came from this workshop."""
    if status not in (*A.values, ""):
        raise ServiceError(_("Please choose present, absent or excused."), field="status")
    workshop_id = (
        Signup.objects.filter(pk=signup_id).values_list("session__workshop_id", flat=True).first()
    )
    if workshop_id is None:
        raise NotFound(_("This sign-up does not exist."))
    # Marks within one workshop take turns, so that two hosts marking the two parts of an
    # induction at the same moment still see each other's mark and grant exactly once.
    Workshop.objects.select_for_update().filter(pk=workshop_id).first()
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .filter(pk=signup_id)
        .select_related("session__workshop__space", "user")
        .first()
    )
    if signup is None:
        raise NotFound(_("This sign-up does not exist."))
    session = signup.session
    _require_manager(actor=actor, workshop=session.workshop)
    if session.is_cancelled:
        raise ServiceError(_("This session has been cancelled."), code="session_cancelled")
    if signup.status != S.CONFIRMED:
        raise ServiceError(
            _(
                "Only people with a confirmed seat can be marked. To let this person in, "
                "add a seat to the session first."
            ),
            code="not_confirmed",
        )
    if timezone.now() < session.start - ATTENDANCE_OPENS_BEFORE:
        raise ServiceError(
            _("Attendance can be marked from two hours before the start."),
            code="too_early",
        )
    signup.attendance = status
    signup.attendance_marked_at = timezone.now() if status else None
    signup.attendance_marked_by = actor if status else None
    signup.save(
        update_fields=["attendance", "attendance_marked_at", "attendance_marked_by", "updated_at"]
    )
    _induction_sync(signup, actor=actor)
    return signup


@transaction.atomic
def attendance_mark_by_code(*, session_id: int, actor: User, code: str) -> Signup:
    """The host typed or scanned a ticket code: mark that person present."""
    session = Session.objects.select_related("workshop__space").filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("This session does not exist."))
    _require_manager(actor=actor, workshop=session.workshop)
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if not cleaned:
        raise ServiceError(_("Please enter a ticket code."), field="code")
    signup = Signup.objects.filter(ticket_code=cleaned).first()
    if signup is None or signup.session_id != session.pk:
        raise ServiceError(
            _("No ticket with the code %(code)s for this session.") % {"code": cleaned},
            field="code",
            code="unknown_code",
        )
    if signup.status == S.CANCELLED:
        raise ServiceError(
            _("The ticket %(code)s was cancelled.") % {"code": cleaned},
            field="code",
            code="ticket_cancelled",
        )
    return attendance_mark(signup_id=signup.pk, actor=actor, status=A.PRESENT)


def _induction_sync(signup: Signup, *, actor: User) -> None:
    workshop = signup.session.workshop
    qualification = workshop.grants_qualification
    if qualification is None or signup.user is None:
        return
    person = signup.user
    sessions = set(
        Session.objects.filter(workshop=workshop, cancelled_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    own = Signup.objects.filter(session__workshop=workshop, user=person)
    present = set(
        own.filter(status=S.CONFIRMED, attendance=A.PRESENT).values_list("session_id", flat=True)
    )
    sources = [f"workshops.Signup:{pk}" for pk in own.values_list("pk", flat=True)]
    held_from_here = (
        qualification_grants_valid(user=person, qualification=qualification)
        .filter(source__in=sources)
        .exists()
    )
    complete = bool(sessions) and sessions <= present
    if complete and not held_from_here:
        qualification_grant(
            qualification=qualification,
            user=person,
            granted_by=actor,
            source=f"workshops.Signup:{signup.pk}",
            note=workshop.title[:200],
            check_permission=False,
        )
        _notify(signup.pk, "qualified")
    elif not complete and held_from_here:
        for source in sources:
            qualification_revoke(
                qualification=qualification,
                user=person,
                revoked_by=actor,
                source=source,
                check_permission=False,
            )


# --- sessions -----------------------------------------------------------------------------


def _aware(day: date, clock: time, space: Space) -> datetime:
    return datetime.combine(day, clock, tzinfo=space.zone)


def _check_session_fields(
    *, start: datetime, end: datetime, capacity: int, deadline: datetime
) -> None:
    if end <= start:
        raise ServiceError(_("The end must be after the start."), field="end_time")
    if capacity < 1:
        raise ServiceError(_("A session needs at least one seat."), field="capacity")
    if deadline > end:
        raise ServiceError(
            _("The sign-up deadline cannot be after the session ends."), field="deadline_hours"
        )


@transaction.atomic
def session_create_series(
    *,
    workshop_id: int,
    actor: User,
    first_date: date,
    start_time: time,
    end_time: time,
    room: str,
    capacity: int,
    deadline_hours: int,
    repeat: str = series_dates.NONE,
    count: int = 1,
) -> list[Session]:
    """One session, or a series in one go (weekly, every two weeks, or monthly on the same
    weekday, e.g. every first Tuesday). Times are the space's wall-clock times."""
    workshop = Workshop.objects.select_related("space").filter(pk=workshop_id).first()
    if workshop is None:
        raise NotFound(_("This workshop does not exist."))
    _require_manager(actor=actor, workshop=workshop)
    if repeat not in series_dates.REPEATS:
        raise ServiceError(_("Please choose how the sessions repeat."), field="repeat")
    if not 1 <= count <= series_dates.MAX_SESSIONS:
        raise ServiceError(
            _("A series can have 1 to %(max)s sessions.") % {"max": series_dates.MAX_SESSIONS},
            field="count",
        )
    if deadline_hours < 0:
        raise ServiceError(_("The deadline cannot be negative."), field="deadline_hours")
    now = timezone.now()
    created = []
    for day in series_dates.series_dates(first_date, repeat, count):
        start = _aware(day, start_time, workshop.space)
        end = _aware(day, end_time, workshop.space)
        deadline = start - timedelta(hours=deadline_hours)
        _check_session_fields(start=start, end=end, capacity=capacity, deadline=deadline)
        if start <= now:
            raise ServiceError(_("The first session must be in the future."), field="first_date")
        created.append(
            Session.objects.create(
                workshop=workshop,
                start=start,
                end=end,
                room=room.strip(),
                capacity=capacity,
                signup_deadline=deadline,
            )
        )
    return created


@transaction.atomic
def session_update(
    *,
    session_id: int,
    actor: User,
    start: datetime,
    end: datetime,
    room: str,
    capacity: int,
    signup_deadline: datetime,
) -> Session:
    """Change a session. The seats cannot drop below the people already holding one; more
    seats go to the waiting list at once."""
    session = _lock_session(session_id)
    _require_manager(actor=actor, workshop=session.workshop)
    if session.is_cancelled:
        raise Conflict(_("This session has been cancelled."), code="session_cancelled")
    _check_session_fields(start=start, end=end, capacity=capacity, deadline=signup_deadline)
    taken = _seats_taken(session)
    if capacity < taken:
        raise ServiceError(
            _(
                "%(count)s people already hold a seat. Remove people first or keep at least "
                "%(count)s seats."
            )
            % {"count": taken},
            field="capacity",
        )
    moved = (session.start, session.end, session.room) != (start, end, room.strip())
    session.start, session.end, session.room = start, end, room.strip()
    session.capacity, session.signup_deadline = capacity, signup_deadline
    session.save()
    if moved:
        # A new time means a new reminder; everybody on the list hears about the change.
        affected = Signup.objects.filter(session=session, status__in=Signup.ACTIVE_STATUSES)
        affected.update(reminder_sent_at=None)
        for signup_id in affected.values_list("pk", flat=True):
            _notify(signup_id, "session_changed")
    if session.start > timezone.now():
        _promote(session, now=timezone.now())
    return session


@transaction.atomic
def session_cancel(*, session_id: int, actor: User, reason: str = "") -> Session:
    """Cancel a session; everybody on its list (seats, offers, waiting list) is e-mailed."""
    session = _lock_session(session_id)
    _require_manager(actor=actor, workshop=session.workshop)
    if session.is_cancelled:
        raise Conflict(_("This session is already cancelled."), code="already_cancelled")
    if session.end <= timezone.now():
        raise ServiceError(_("This session is over and cannot be cancelled."), code="over")
    session.cancelled_at = timezone.now()
    session.cancel_reason = reason.strip()[:300]
    session.save(update_fields=["cancelled_at", "cancel_reason"])
    ids = list(
        Signup.objects.filter(session=session, status__in=Signup.ACTIVE_STATUSES).values_list(
            "pk", flat=True
        )
    )
    for signup_id in ids:
        _notify(signup_id, "session_cancelled")
    return session


@transaction.atomic
def session_message_send(*, session_id: int, actor: User, subject: str, body: str) -> int:
    """E-mail everybody holding a seat in the session. Returns how many will get it."""
    session = Session.objects.select_related("workshop__space").filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("This session does not exist."))
    _require_manager(actor=actor, workshop=session.workshop)
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise ServiceError(_("Please enter a subject."), field="subject")
    if not body:
        raise ServiceError(_("Please enter a message."), field="body")
    recipients = [
        s.pk
        for s in Signup.objects.filter(session=session, status=S.CONFIRMED).select_related("user")
        if _email_of(s)
    ]
    if not recipients:
        raise ServiceError(_("Nobody on this session's list has an e-mail address."))
    transaction.on_commit(
        lambda: tasks.session_message_task.delay(session.pk, actor.pk, subject, body)
    )
    return len(recipients)


def _email_of(signup: Signup) -> str:
    if signup.user_id and signup.user:
        return signup.user.email
    try:
        validate_email(signup.guest_contact)
    except Exception:
        return ""
    return signup.guest_contact


email_of = _email_of


# --- workshops --------------------------------------------------------------------------------

WORKSHOP_FIELDS = (
    "title",
    "description",
    "easy_summary",
    "easy_read_reviewed_by",
    "easy_read_reviewed_at",
    "category",
    "language",
    "price",
    "photo",
    "photo_alt",
    "step_free",
    "sign_language",
    "large_print",
    "quiet_breaks",
    "accessibility_notes",
    "grants_qualification",
    "requires_qualification",
)


def _check_workshop(*, space: Space, data: dict[str, Any], hosts: Iterable[User]) -> list[User]:
    price = data.get("price")
    if price is not None and Decimal(price) < 0:
        raise ServiceError(_("The price cannot be negative."), field="price")
    if data.get("photo") and not (data.get("photo_alt") or "").strip():
        raise ServiceError(
            _("Please describe the photo for people who cannot see it."), field="photo_alt"
        )
    for field in ("grants_qualification", "requires_qualification"):
        qualification: Qualification | None = data.get(field)
        if qualification is not None and qualification.space_id != space.pk:
            raise ServiceError(
                _("Please choose a qualification of %(space)s.") % {"space": space},
                field=field,
            )
    hosts = list(hosts)
    for person in hosts:
        if not user_has_role(user=person, space=space, role=Role.HOST):
            raise ServiceError(
                _("%(name)s is not a host at %(space)s.") % {"name": person, "space": space},
                field="hosts",
            )
    return hosts


def _easy_read_review(
    workshop: Workshop, *, old_text: str, old_by: str, old_at: date | None
) -> None:
    """Keep, record or clear the review of the easy-read summary (a changed text is no longer
    reviewed unless this edit records a new review). Raises ServiceError for bad input."""
    workshop.easy_read_reviewed_by, workshop.easy_read_reviewed_at = easy_read_review_after_edit(
        old_text=old_text,
        old_by=old_by,
        old_at=old_at,
        text=workshop.easy_summary,
        by=workshop.easy_read_reviewed_by,
        at=workshop.easy_read_reviewed_at,
    )


def _clean_photo(data: dict[str, Any]) -> dict[str, Any]:
    """A newly uploaded photo, checked by content and re-encoded: no EXIF/GPS data, and a
    random name (the original file name is not kept)."""
    photo = data.get("photo")
    if not isinstance(photo, UploadedFile):
        return data
    try:
        return data | {"photo": image_reencode(photo)}
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field="photo") from error


@transaction.atomic
def workshop_create(
    *, actor: User, space: Space, data: dict[str, Any], hosts: Iterable[User] = ()
) -> Workshop:
    """Hosts and staff of the space create workshops; a host who creates one hosts it."""
    if not user_has_role(user=actor, space=space, role=Role.HOST):
        raise PermissionDenied(
            _("Only hosts and staff of %(space)s can create workshops there.") % {"space": space}
        )
    data = _clean_photo(data)
    host_list = _check_workshop(space=space, data=data, hosts=hosts)
    if not user_has_role(user=actor, space=space, role=Role.STAFF) and actor not in host_list:
        host_list.append(actor)
    if not host_list:
        raise ServiceError(_("Please choose at least one host."), field="hosts")
    workshop = Workshop(space=space, **{k: v for k, v in data.items() if k in WORKSHOP_FIELDS})
    _easy_read_review(workshop, old_text="", old_by="", old_at=None)
    workshop.full_clean(exclude=["hosts"])
    workshop.save()
    workshop.hosts.set(host_list)
    return workshop


@transaction.atomic
def workshop_update(
    *, workshop_id: int, actor: User, data: dict[str, Any], hosts: Iterable[User] | None = None
) -> Workshop:
    workshop = Workshop.objects.select_for_update().filter(pk=workshop_id).first()
    if workshop is None:
        raise NotFound(_("This workshop does not exist."))
    _require_manager(actor=actor, workshop=workshop)
    data = _clean_photo(data)
    merged = {field: getattr(workshop, field) for field in WORKSHOP_FIELDS} | data
    host_list = _check_workshop(
        space=workshop.space, data=merged, hosts=hosts if hosts is not None else []
    )
    old_text = workshop.easy_summary
    old_by, old_at = workshop.easy_read_reviewed_by, workshop.easy_read_reviewed_at
    for field in WORKSHOP_FIELDS:
        if field in data:
            setattr(workshop, field, data[field])
    _easy_read_review(workshop, old_text=old_text, old_by=old_by, old_at=old_at)
    workshop.full_clean(exclude=["hosts"])
    workshop.save()
    if hosts is not None:
        if not host_list:
            raise ServiceError(_("Please choose at least one host."), field="hosts")
        workshop.hosts.set(host_list)
    return workshop


@transaction.atomic
def signup_needs_erase(*, user: User) -> int:
    """Erase every copy of needs this person shared for a sign-up (text, chosen needs and the
    consent flag), e.g. after they withdrew consent for their needs profile (GDPR Art. 7(3),
    Art. 17). Returns how many sign-ups held such a copy."""
    return (
        Signup.objects.filter(user=user)
        .exclude(needs_consent=False, needs_text="", needs_options=[])
        .update(needs_consent=False, needs_text="", needs_options=[], updated_at=timezone.now())
    )
