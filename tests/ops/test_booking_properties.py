"""Property-based test (hypothesis) of the booking rules: whatever sequence of requests
people send, the bookings that exist afterwards obey every rule."""

import contextlib
from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings import services
from bookings.models import Booking
from makerhub.errors import ServiceError
from spaces.models import Role
from spaces.services import membership_set
from tests.bookings.conftest import BERLIN, NOW, Clock
from tests.bookings.factories import MachineFactory
from tests.factories import SpaceFactory, UserFactory, open_every_day

requests = st.lists(
    st.tuples(
        st.integers(0, 2),  # who
        st.integers(-1, 8),  # day
        st.integers(0, 95),  # start, quarter hours
        st.integers(0, 24),  # length, quarter hours (0 = empty)
    ),
    min_size=1,
    max_size=14,
)


@pytest.fixture
def setup(db, monkeypatch):
    Clock(monkeypatch, NOW)
    space = open_every_day(SpaceFactory())
    machine = MachineFactory(space=space, buffer_minutes=15, max_hours_per_week=4, max_days_ahead=7)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        membership_set(space=space, user=person, role=Role.MEMBER)
    return machine, people


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attempts=requests)
def test_accepted_bookings_always_obey_the_rules(setup, attempts):
    machine, people = setup
    day0 = NOW.astimezone(BERLIN).replace(hour=0, minute=0)
    with transaction.atomic():
        for who, day, quarter, length in attempts:
            start = day0 + timedelta(days=day, minutes=15 * quarter)
            end = start + timedelta(minutes=15 * length)
            with contextlib.suppress(ServiceError):
                services.booking_create(machine=machine, user=people[who], start=start, end=end)
        active = list(
            Booking.objects.filter(machine=machine, status__in=Booking.ACTIVE).order_by("start")
        )
        for booking in active:
            local_start, local_end = (
                booking.start.astimezone(BERLIN),
                booking.end.astimezone(BERLIN),
            )
            assert booking.start >= NOW  # never in the past
            assert booking.start - NOW <= timedelta(days=machine.max_days_ahead)
            minutes = (booking.end - booking.start) / timedelta(minutes=1)
            assert machine.min_duration_minutes <= minutes <= machine.max_duration_minutes
            assert local_start.date() == local_end.date() or local_end.time().hour == 0
            assert local_start.hour >= 8 and (local_end.hour, local_end.minute) <= (22, 0)
        for first, second in zip(active, active[1:], strict=False):
            # No overlap, and the buffer after each booking is kept free.
            assert first.blocked_until <= second.start
        for person in people:
            hours = sum(
                (b.end - b.start) / timedelta(hours=1) for b in active if b.user_id == person.pk
            )
            assert hours <= machine.max_hours_per_week
        transaction.set_rollback(True)


def test_the_setup_accepts_a_plain_booking(setup):
    # Guards the property test against passing only because everything is refused.
    machine, people = setup
    start = NOW + timedelta(days=1, hours=2)
    booking = services.booking_create(
        machine=machine, user=people[0], start=start, end=start + timedelta(hours=1)
    )
    assert booking.status in Booking.ACTIVE
