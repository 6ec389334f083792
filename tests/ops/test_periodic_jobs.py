"""Every periodic job is idempotent: running the whole beat schedule twice in a row sends no
second e-mail and changes nothing the first run did not."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bookings.models import Booking
from makerhub.celery import app
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops.models import Signup


def _run_every_beat_job(settings):
    import importlib
    from importlib.util import find_spec

    for name in settings.MAKERHUB_APPS:  # what the worker's autodiscovery imports
        if find_spec(f"{name}.tasks"):
            importlib.import_module(f"{name}.tasks")
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        app.tasks[entry["task"]].apply(args=entry.get("args", ()), throw=True)


@pytest.fixture
def reminders_due(member, space):
    machine = MachineFactory(space=space)
    session = SessionFactory(
        workshop=WorkshopFactory(space=space), start=timezone.now() + timedelta(hours=20)
    )
    for hours in (3, 20, 23):
        BookingFactory(
            machine=machine,
            user=member,
            start=timezone.now() + timedelta(hours=hours),
            status=Booking.Status.CONFIRMED,
        )
    Signup.objects.create(session=session, user=member, status=Signup.Status.CONFIRMED)


@pytest.mark.django_db
def test_running_the_beat_schedule_twice_sends_each_reminder_once(
    settings, reminders_due, django_capture_on_commit_callbacks
):
    assert {"bookings-reminders", "workshops-reminders"} <= set(settings.CELERY_BEAT_SCHEDULE)
    with django_capture_on_commit_callbacks(execute=True):
        _run_every_beat_job(settings)
    first = len(mail.outbox)
    assert first >= 4  # three booking reminders and one workshop reminder
    with django_capture_on_commit_callbacks(execute=True):
        _run_every_beat_job(settings)
    assert len(mail.outbox) == first
