from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bookings.models import Qualification, QualificationGrant
from bookings.selectors import user_holds_qualification
from makerhub.errors import Conflict, NotFound, PermissionDenied, ServiceError
from tests.factories import UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import selectors, services
from workshops.models import Signup

S = Signup.Status


def _sign_up(session, n, capture):
    people = [UserFactory() for _ in range(n)]
    with capture(execute=True):
        signups = [services.signup_create(session_id=session.pk, user=p) for p in people]
    return people, signups


@pytest.mark.django_db
def test_seats_then_waiting_list_first_come_first_served(
    session, django_capture_on_commit_callbacks
):
    session.capacity = 2
    session.save()
    _, signups = _sign_up(session, 4, django_capture_on_commit_callbacks)
    assert [s.status for s in signups] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [selectors.signup_position(s) for s in signups] == [None, None, 1, 2]
    subjects = [m.subject for m in mail.outbox]
    assert sum("Warteliste" in s or "Waiting list" in s for s in subjects) == 2
    confirmation = mail.outbox[0]
    assert any(a[0] == "workshop.ics" for a in confirmation.attachments if isinstance(a, tuple))
    assert signups[0].ticket_code in confirmation.body


@pytest.mark.django_db
def test_clear_refusals(session, member):
    services.signup_create(session_id=session.pk, user=member)
    with pytest.raises(Conflict) as twice:
        services.signup_create(session_id=session.pk, user=member)
    assert twice.value.code == "already_signed_up"

    late = SessionFactory(
        workshop=session.workshop, signup_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ServiceError) as after_deadline:
        services.signup_create(session_id=late.pk, user=member)
    assert after_deadline.value.code == "deadline_passed"

    cancelled = SessionFactory(workshop=session.workshop, cancelled_at=timezone.now())
    with pytest.raises(Conflict) as on_cancelled:
        services.signup_create(session_id=cancelled.pk, user=member)
    assert on_cancelled.value.code == "session_cancelled"


@pytest.mark.django_db
def test_missing_qualification_points_to_inductions(space, host, member):
    laser = Qualification.objects.create(space=space, name="Laser")
    advanced = SessionFactory(workshop=WorkshopFactory(space=space, requires_qualification=laser))
    induction = SessionFactory(
        workshop=WorkshopFactory(space=space, grants_qualification=laser, title="Laser-Einweisung")
    )
    with pytest.raises(PermissionDenied) as refused:
        services.signup_create(session_id=advanced.pk, user=member)
    assert refused.value.code == "qualification_missing"
    [offer] = refused.value.extra["inductions"]
    assert offer["session_id"] == induction.pk
    assert offer["title"] == "Laser-Einweisung"
    assert offer["url"] == induction.workshop.get_absolute_url()
    assert not Signup.objects.filter(session=advanced).exists()


@pytest.mark.django_db
def test_needs_need_consent_and_are_kept_with_it(session, member):
    with pytest.raises(ServiceError) as refused:
        services.signup_create(session_id=session.pk, user=member, needs_text="Rollstuhl")
    assert refused.value.field == "needs_consent"
    signup = services.signup_create(
        session_id=session.pk,
        user=member,
        needs_text="Rollstuhl",
        needs_options=["Stufenloser Zugang"],
        needs_consent=True,
    )
    assert signup.needs_text == "Rollstuhl" and signup.needs_options == ["Stufenloser Zugang"]


@pytest.mark.django_db
def test_freed_seat_goes_to_next_at_once_when_session_is_near(
    workshop, django_capture_on_commit_callbacks
):
    near = SessionFactory(
        workshop=workshop,
        capacity=1,
        start=timezone.now() + timedelta(hours=30),
        signup_deadline=timezone.now() + timedelta(hours=20),
    )
    people, signups = _sign_up(near, 3, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup_id=signups[0].pk, actor=people[0])
    second, third = (Signup.objects.get(pk=s.pk) for s in signups[1:])
    assert second.status == S.CONFIRMED and third.status == S.WAITLISTED
    assert selectors.signup_position(third) == 1
    assert [m.to for m in mail.outbox] == [[people[1].email]]


@pytest.mark.django_db
def test_far_session_offers_seat_for_24h_and_expiry_passes_it_on(
    session, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.start = timezone.now() + timedelta(days=5)
    session.save()
    people, signups = _sign_up(session, 3, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup_id=signups[0].pk, actor=people[0])
    offered = Signup.objects.get(pk=signups[1].pk)
    assert offered.status == S.OFFERED
    assert timedelta(hours=23) < offered.offer_expires_at - timezone.now() <= timedelta(hours=24)
    # The seat is held: nobody else gets it meanwhile.
    assert Signup.objects.get(pk=signups[2].pk).status == S.WAITLISTED

    mail.outbox.clear()
    later = timezone.now() + timedelta(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=later) == 0  # running twice changes nothing
    offered.refresh_from_db()
    third = Signup.objects.get(pk=signups[2].pk)
    assert offered.status == S.CANCELLED
    assert offered.cancel_reason == Signup.CancelReason.OFFER_EXPIRED
    assert third.status == S.OFFERED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[1].email, people[2].email])
    with pytest.raises(Conflict):
        services.signup_offer_accept(signup_id=offered.pk, user=people[1])
    accepted = services.signup_offer_accept(signup_id=third.pk, user=people[2])
    assert accepted.status == S.CONFIRMED and accepted.offer_expires_at is None


@pytest.mark.django_db
def test_no_double_promotion(session, host, django_capture_on_commit_callbacks):
    session.capacity = 1
    session.save()
    people, signups = _sign_up(session, 4, django_capture_on_commit_callbacks)
    services.session_update(
        session_id=session.pk,
        actor=host,
        start=session.start,
        end=session.end,
        room=session.room,
        capacity=2,
        signup_deadline=session.signup_deadline,
    )
    assert services.waitlist_promote(session_id=session.pk) == []
    assert services.waitlist_promote(session_id=session.pk) == []
    statuses = list(Signup.objects.filter(session=session).order_by("pk").values_list("status"))
    assert statuses == [(S.CONFIRMED,), (S.OFFERED,), (S.WAITLISTED,), (S.WAITLISTED,)]
    assert selectors.seats_left(session) == 0


@pytest.mark.django_db
def test_attendee_cannot_cancel_after_deadline_but_host_can_remove(session, host, member):
    signup = services.signup_create(session_id=session.pk, user=member)
    Signup.objects.filter(pk=signup.pk)  # keep the row
    session.signup_deadline = timezone.now() - timedelta(minutes=1)
    session.save()
    with pytest.raises(ServiceError) as refused:
        services.signup_cancel(signup_id=signup.pk, actor=member)
    assert refused.value.code == "deadline_passed"
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.signup_cancel(signup_id=signup.pk, actor=stranger)
    removed = services.signup_cancel(signup_id=signup.pk, actor=host)
    assert removed.status == S.CANCELLED and removed.cancel_reason == Signup.CancelReason.HOST


@pytest.mark.django_db
def test_host_adds_walk_in_without_account_and_existing_account(session, host, member):
    walk_in = services.signup_add_by_host(
        session_id=session.pk, actor=host, name="Jürgen Größe", contact="0231 123456"
    )
    assert walk_in.user is None and walk_in.status == S.CONFIRMED
    linked = services.signup_add_by_host(session_id=session.pk, actor=host, contact=member.email)
    assert linked.user == member
    with pytest.raises(NotFound):
        services.signup_add_by_host(session_id=session.pk, actor=member, name="X")


@pytest.mark.django_db
def test_host_cancels_session_everybody_is_emailed(
    session, host, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    people, _ = _sign_up(session, 2, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session_id=session.pk, actor=host, reason="Krank")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Krank" in m.body for m in mail.outbox)
    with pytest.raises(Conflict):
        services.session_cancel(session_id=session.pk, actor=host)


@pytest.mark.django_db
def test_reminder_sent_once_even_when_task_runs_twice(workshop, django_capture_on_commit_callbacks):
    soon = SessionFactory(
        workshop=workshop,
        start=timezone.now() + timedelta(hours=20),
        signup_deadline=timezone.now() + timedelta(hours=10),
    )
    later = SessionFactory(workshop=workshop, start=timezone.now() + timedelta(days=3))
    people, _ = _sign_up(soon, 2, django_capture_on_commit_callbacks)
    _sign_up(later, 1, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


@pytest.mark.django_db
def test_induction_grants_after_all_sessions_and_undo_revokes(
    space, host, member, django_capture_on_commit_callbacks
):
    laser = Qualification.objects.create(space=space, name="Laser")
    induction = WorkshopFactory(space=space, hosts=[host], grants_qualification=laser)
    now = timezone.now()
    first = SessionFactory(
        workshop=induction,
        start=now - timedelta(minutes=30),
        signup_deadline=now - timedelta(hours=1),
    )
    second = SessionFactory(workshop=induction, start=now + timedelta(minutes=30))
    one = Signup.objects.create(
        session=first, user=member, status=S.CONFIRMED, ticket_code="AAAA2222"
    )
    two = Signup.objects.create(
        session=second, user=member, status=S.CONFIRMED, ticket_code="BBBB3333"
    )

    services.attendance_mark(signup_id=one.pk, actor=host, status="present")
    assert not user_holds_qualification(user=member, qualification=laser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark_by_code(session_id=second.pk, actor=host, code="bbbb-3333")
    assert user_holds_qualification(user=member, qualification=laser)
    [message] = mail.outbox
    assert message.to == [member.email] and "Laser" in message.body
    grant = QualificationGrant.objects.get(user=member, qualification=laser)
    assert grant.granted_by == host and grant.source == f"workshops.Signup:{two.pk}"
    assert grant.note == induction.title
    # Marking present again does not grant twice.
    services.attendance_mark(signup_id=two.pk, actor=host, status="present")
    assert QualificationGrant.objects.filter(user=member).count() == 1

    # A grant from elsewhere (staff) stays when the workshop's mark is undone.
    other = QualificationGrant.objects.create(
        qualification=laser, user=member, granted_by=host, granted_at=now, source=""
    )
    services.attendance_mark(signup_id=one.pk, actor=host, status="absent")
    grant.refresh_from_db()
    other.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == host
    assert other.revoked_at is None


@pytest.mark.django_db
def test_attendance_refusals(session, host, member):
    signup = services.signup_create(session_id=session.pk, user=member)
    with pytest.raises(ServiceError) as too_early:
        services.attendance_mark(signup_id=signup.pk, actor=host, status="present")
    assert too_early.value.code == "too_early"
    with pytest.raises(NotFound):
        services.attendance_mark(signup_id=signup.pk, actor=member, status="present")
    with pytest.raises(ServiceError):
        services.attendance_mark(signup_id=signup.pk, actor=host, status="maybe")
    with pytest.raises(ServiceError) as unknown:
        services.attendance_mark_by_code(session_id=session.pk, actor=host, code="ZZZZ9999")
    assert unknown.value.code == "unknown_code"


@pytest.mark.django_db
def test_series_monthly_first_tuesday_keeps_local_time(workshop, host):
    from datetime import date, time

    first = (timezone.localdate() + timedelta(days=40)).replace(day=1)
    while first.weekday() != 1:
        first += timedelta(days=1)
    sessions = services.session_create_series(
        workshop_id=workshop.pk,
        actor=host,
        first_date=first,
        start_time=time(18, 0),
        end_time=time(20, 0),
        room="Raum 1",
        capacity=8,
        deadline_hours=24,
        repeat="monthly-weekday",
        count=6,
    )
    assert len(sessions) == 6
    zone = workshop.space.zone
    for s in sessions:
        local = s.start.astimezone(zone)
        assert local.weekday() == 1 and local.day <= 7 and local.hour == 18
        assert s.signup_deadline == s.start - timedelta(hours=24)
    assert isinstance(first, date)


@pytest.mark.django_db
def test_moving_a_session_tells_everybody_and_resets_the_reminder(
    session, host, django_capture_on_commit_callbacks
):
    people, signups = _sign_up(session, 2, django_capture_on_commit_callbacks)
    Signup.objects.filter(session=session).update(reminder_sent_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session_id=session.pk,
            actor=host,
            start=session.start + timedelta(hours=1),
            end=session.end + timedelta(hours=1),
            room=session.room,
            capacity=session.capacity,
            signup_deadline=session.signup_deadline,
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.subject.startswith("[MakerHub] Geändert") for m in mail.outbox)
    assert not Signup.objects.filter(session=session, reminder_sent_at__isnull=False).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(  # only the seats change: no e-mail
            session_id=session.pk,
            actor=host,
            start=session.start + timedelta(hours=1),
            end=session.end + timedelta(hours=1),
            room=session.room,
            capacity=9,
            signup_deadline=session.signup_deadline,
        )
    assert mail.outbox == []
