from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bookings.models import Qualification
from makerhub.errors import PermissionDenied
from tests.factories import UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import selectors, services
from workshops.models import Signup
from workshops.series import series_dates


@pytest.mark.django_db
def test_upcoming_inductions_only_open_sessions_of_that_qualification(space):
    laser = Qualification.objects.create(space=space, name="Laser")
    cnc = Qualification.objects.create(space=space, name="CNC")
    induction = WorkshopFactory(space=space, grants_qualification=laser, title="Laser 1")
    now = timezone.now()
    open_one = SessionFactory(workshop=induction, start=now + timedelta(days=2))
    SessionFactory(workshop=induction, cancelled_at=now)
    SessionFactory(workshop=induction, signup_deadline=now - timedelta(minutes=1))
    SessionFactory(workshop=WorkshopFactory(space=space, grants_qualification=cnc))
    [item] = selectors.upcoming_inductions(qualification=laser)
    assert item == {
        "title": "Laser 1",
        "url": f"/workshops/{induction.pk}/",
        "start": open_one.start.isoformat(),
        "session_id": open_one.pk,
        "seats_left": 5,
    }


@pytest.mark.django_db
def test_calendar_events_are_the_confirmed_sessions(session, member, workshop):
    waiting_session = SessionFactory(workshop=workshop, capacity=1)
    services.signup_add_by_host(
        session_id=waiting_session.pk, actor=workshop.hosts.first(), name="Someone"
    )
    services.signup_create(session_id=session.pk, user=member)
    services.signup_create(session_id=waiting_session.pk, user=member)  # waiting list
    [event] = selectors.calendar_events_for_user(user=member)
    assert event["uid"] == f"workshop-session-{session.pk}@makerhub"
    assert event["start"] == session.start and event["end"] == session.end
    assert event["summary"] == workshop.title and event["location"].startswith("Werkstatt")
    assert event["url"].endswith(workshop.get_absolute_url())
    session.cancelled_at = timezone.now()
    session.save()
    assert selectors.calendar_events_for_user(user=member) == []


@pytest.mark.django_db
def test_confirmation_mail_in_german_with_qr_and_calendar(
    session, django_capture_on_commit_callbacks
):
    person = UserFactory(preferred_language="de")
    with django_capture_on_commit_callbacks(execute=True):
        signup = services.signup_create(session_id=session.pk, user=person)
    [message] = mail.outbox
    assert message.subject == f"[MakerHub] Ihr Platz: {session.workshop.title}"
    assert "Ihr Ticket-Code: " + signup.ticket_code in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'src="cid:ticket-qr"' in html
    parts = {part.get_content_type(): part for part in message.message().walk()}
    assert parts["image/png"]["Content-ID"] == "<ticket-qr>"
    ics = parts["text/calendar"].get_payload(decode=True)
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["summary"]) == session.workshop.title
    assert event.decoded("dtstart") == session.start.replace(microsecond=0)


@pytest.mark.django_db
def test_english_speaker_gets_english_mail(session, django_capture_on_commit_callbacks):
    person = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_create(session_id=session.pk, user=person)
    assert mail.outbox[0].subject == f"[MakerHub] Your seat: {session.workshop.title}"


@pytest.mark.django_db
def test_series_signup_is_all_or_nothing(space, host, member):
    laser = Qualification.objects.create(space=space, name="Laser")
    workshop = WorkshopFactory(space=space, hosts=[host])
    first, second = SessionFactory(workshop=workshop), SessionFactory(workshop=workshop)
    signups = services.signup_create_series(workshop_id=workshop.pk, user=member)
    assert {s.session_id for s in signups} == {first.pk, second.pk}
    gated = WorkshopFactory(space=space, requires_qualification=laser)
    SessionFactory.create_batch(2, workshop=gated)
    with pytest.raises(PermissionDenied):
        services.signup_create_series(workshop_id=gated.pk, user=member)
    assert not Signup.objects.filter(session__workshop=gated).exists()


def test_series_dates_every_first_tuesday_and_fifth_weekday_skips_short_months():
    first_tuesday = date(2027, 1, 5)
    assert series_dates(first_tuesday, "monthly-weekday", 3) == [
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 3, 2),
    ]
    fifth_friday = date(2027, 1, 29)
    assert series_dates(fifth_friday, "monthly-weekday", 2) == [
        date(2027, 1, 29),
        date(2027, 4, 30),
    ]
    assert series_dates(date(2027, 1, 1), "biweekly", 2)[1] == date(2027, 1, 15)


@pytest.mark.django_db
def test_weekly_series_keeps_wall_clock_time_across_the_clock_change(workshop, host):
    zone = workshop.space.zone
    day = timezone.localdate() + timedelta(days=1)
    noon = lambda d: timezone.datetime.combine(d, time(12), tzinfo=zone).utcoffset()  # noqa: E731
    while noon(day) == noon(day + timedelta(days=1)):
        day += timedelta(days=1)
    sessions = services.session_create_series(
        workshop_id=workshop.pk,
        actor=host,
        first_date=day - timedelta(days=6),
        start_time=time(18, 0),
        end_time=time(20, 0),
        room="",
        capacity=4,
        deadline_hours=2,
        repeat="weekly",
        count=2,
    )
    offsets = {s.start.astimezone(zone).utcoffset() for s in sessions}
    assert len(offsets) == 2  # one date on each side of the change
    assert {s.start.astimezone(zone).hour for s in sessions} == {18}


@pytest.mark.django_db
def test_profile_needs_are_offered_and_kept(client, session, member, monkeypatch):
    import accessibility.selectors as a11y

    monkeypatch.setattr(
        a11y, "profile_needs_for_sharing", lambda *, user: ["Stufenloser Zugang", "Pausen"]
    )
    client.force_login(member)
    page = client.get(session.workshop.get_absolute_url()).content.decode()
    assert "Stufenloser Zugang" in page
    client.post(
        reverse("workshop-signup", args=[session.pk]),
        {"needs_options": ["Pausen"], "needs_consent": "on"},
    )
    signup = Signup.objects.get(session=session, user=member)
    assert signup.needs_options == ["Pausen"] and signup.needs_consent


@pytest.mark.django_db
def test_detail_page_query_count_does_not_grow_with_sessions(
    client, workshop, django_assert_max_num_queries
):
    SessionFactory.create_batch(8, workshop=workshop)
    with django_assert_max_num_queries(10):
        assert client.get(workshop.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_offer_accepted_on_my_workshops(client, session, django_capture_on_commit_callbacks):
    session.capacity = 1
    session.save()
    first, second = UserFactory(), UserFactory()
    taken = services.signup_create(session_id=session.pk, user=first)
    waiting = services.signup_create(session_id=session.pk, user=second)
    services.signup_cancel(signup_id=taken.pk, actor=first)
    client.force_login(second)
    page = client.get(reverse("my-workshops")).content.decode()
    assert "Platz annehmen" in page
    client.post(reverse("workshop-signup-accept", args=[waiting.pk]))
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"


@pytest.mark.django_db
def test_series_signup_skips_only_dates_the_person_is_on(space, host, member):
    workshop = WorkshopFactory(space=space, hosts=[host])
    first, second = SessionFactory(workshop=workshop), SessionFactory(workshop=workshop)
    mine = services.signup_create(session_id=first.pk, user=member)
    services.signup_cancel(signup_id=mine.pk, actor=member)
    services.signup_create(session_id=second.pk, user=member)
    services.signup_create(session_id=first.pk, user=UserFactory())  # someone else is active
    [again] = services.signup_create_series(workshop_id=workshop.pk, user=member)
    assert again.session_id == first.pk
