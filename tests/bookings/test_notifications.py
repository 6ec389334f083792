"""Confirmation and reminder e-mails, and the calendar feeds."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from bookings import services, tasks
from bookings.models import Booking
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory


@pytest.mark.django_db
def test_confirmation_has_a_valid_ics(machine, member, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            machine=machine,
            user=member,
            start=berlin(2027, 1, 5, 10, 0),
            end=berlin(2027, 1, 5, 11, 0),
        )
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart") == booking.start
    assert events[0]["uid"] == f"booking-{booking.pk}@makerhub"
    assert calendar["version"] == "2.0" and calendar["prodid"]


@pytest.mark.django_db
def test_reminder_sent_once_even_if_the_task_runs_twice(machine, member, clock):
    soon = BookingFactory(machine=machine, user=member, start=clock.at + timedelta(hours=20))
    BookingFactory(machine=machine, user=member, start=clock.at + timedelta(hours=30))
    BookingFactory(
        machine=machine,
        user=member,
        start=clock.at + timedelta(hours=5),
        status=Booking.Status.CANCELLED,
    )
    assert tasks.booking_reminders_task() == 1
    assert tasks.booking_reminders_task() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    soon.refresh_from_db()
    assert soon.reminder_sent_at == clock.at


@pytest.mark.django_db
def test_personal_feed_with_revocable_token(client, machine, member, user, clock):
    mine = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    BookingFactory(machine=machine, user=user, start=berlin(2027, 1, 5, 12, 0))
    BookingFactory(
        machine=machine,
        user=member,
        start=berlin(2027, 1, 5, 15, 0),
        status=Booking.Status.CANCELLED,
    )
    feed = services.calendar_feed_get(user=member)
    response = client.get(f"/bookings/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"booking-{mine.pk}@makerhub"]
    old = feed.token
    services.calendar_feed_revoke(user=member)
    assert client.get(f"/bookings/calendar/{old}.ics").status_code == 404


@pytest.mark.django_db
def test_personal_feed_includes_workshop_events(client, member, hook):
    hook(
        "workshops.selectors",
        "calendar_events_for_user",
        lambda *, user: [
            {
                "uid": "session-1@makerhub",
                "summary": "Laser induction",
                "start": "2027-01-07T18:00:00+01:00",
                "end": "2027-01-07T20:00:00+01:00",
                "location": "Dezentrale",
                "url": "http://x/w/1/",
            }
        ],
    )
    feed = services.calendar_feed_get(user=member)
    events = Calendar.from_ical(client.get(f"/bookings/calendar/{feed.token}.ics").content).walk(
        "VEVENT"
    )
    assert [str(e["summary"]) for e in events] == ["Laser induction"]


@pytest.mark.django_db
def test_machine_feed_shows_busy_times_without_personal_data(client, machine, member, clock):
    machine.buffer_minutes = 15
    machine.save()
    BookingFactory(
        machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0), note="secret project"
    )
    response = client.get(f"/machines/{machine.pk}/busy.ics")
    assert response.status_code == 200
    text = response.content.decode()
    assert member.email not in text and member.public_name not in text
    assert "secret project" not in text
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtend") == berlin(2027, 1, 5, 11, 15)  # the buffer counts as busy
