from datetime import UTC, date, datetime, time, timedelta

import pytest

from bookings import selectors, services
from bookings.models import Booking
from spaces.hours import Interval
from spaces.models import Closure, OpeningHours
from tests.bookings.conftest import BERLIN, berlin
from tests.bookings.factories import BookingFactory, MachineFactory


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.django_db
def test_free_is_opening_hours_minus_bookings_with_buffer_and_maintenance(machine, clock):
    machine.buffer_minutes = 15
    machine.save()
    BookingFactory(machine=machine, start=berlin(2027, 1, 5, 10, 0), end=berlin(2027, 1, 5, 12, 0))
    Booking.objects.create(
        machine=machine,
        kind=Booking.Kind.MAINTENANCE,
        start=berlin(2027, 1, 5, 15, 0),
        end=berlin(2027, 1, 5, 16, 0),
        blocked_until=berlin(2027, 1, 5, 16, 0),
    )
    # A cancelled booking frees its time.
    BookingFactory(
        machine=machine,
        start=berlin(2027, 1, 5, 18, 0),
        status=Booking.Status.CANCELLED,
    )
    free = selectors.machine_availability(
        machine=machine, start=berlin(2027, 1, 5, 0, 0), end=berlin(2027, 1, 6, 0, 0)
    )
    assert free == [
        Interval(berlin(2027, 1, 5, 8, 0), berlin(2027, 1, 5, 10, 0)),
        Interval(berlin(2027, 1, 5, 12, 15), berlin(2027, 1, 5, 15, 0)),
        Interval(berlin(2027, 1, 5, 16, 0), berlin(2027, 1, 5, 22, 0)),
    ]


@pytest.mark.django_db
def test_closures_and_unavailable_machines_have_no_free_time(machine):
    Closure.objects.create(
        space=machine.space, start_date=date(2027, 1, 5), end_date=date(2027, 1, 5)
    )
    day = (berlin(2027, 1, 5, 0, 0), berlin(2027, 1, 6, 0, 0))
    assert selectors.machine_availability(machine=machine, start=day[0], end=day[1]) == []
    next_day = (berlin(2027, 1, 6, 0, 0), berlin(2027, 1, 7, 0, 0))
    assert selectors.machine_availability(machine=machine, start=next_day[0], end=next_day[1])
    machine.status = machine.Status.OUT_OF_ORDER
    machine.save()
    assert selectors.machine_availability(machine=machine, start=next_day[0], end=next_day[1]) == []


@pytest.fixture
def night_machine(space):
    """A space open 01:00-04:00 local time on Sundays: across the clock change."""
    OpeningHours.objects.create(space=space, weekday=6, opens=time(1, 0), closes=time(4, 0))
    OpeningHours.objects.create(space=space, weekday=6, opens=time(10, 0), closes=time(14, 0))
    return MachineFactory(space=space, max_days_ahead=60)


@pytest.mark.django_db
def test_dst_spring_forward_last_sunday_of_march_2026(night_machine, clock):
    clock.set(berlin(2026, 3, 23, 9, 0))
    start, end = utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0)  # Berlin's 29 March
    free = selectors.machine_availability(machine=night_machine, start=start, end=end)
    # 01:00 CET is 00:00 UTC; 04:00 CEST is 02:00 UTC: two real hours, not three.
    assert free[0] == Interval(utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 2, 0))
    # 10:00-14:00 CEST is 08:00-12:00 UTC after the change.
    assert free[1] == Interval(utc(2026, 3, 29, 8, 0), utc(2026, 3, 29, 12, 0))
    # A booking 01:00-04:00 wall clock lasts 120 real minutes and is on the grid.
    booking = services.booking_create(
        machine=night_machine,
        user=_person(night_machine),
        start=berlin(2026, 3, 29, 1, 0),
        end=datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN),
    )
    assert booking.duration_minutes == 120
    assert booking.start.astimezone(BERLIN).utcoffset() == timedelta(hours=1)
    assert booking.end.astimezone(BERLIN).utcoffset() == timedelta(hours=2)


@pytest.mark.django_db
def test_dst_fall_back_last_sunday_of_october_2026(night_machine, clock, api_client):
    clock.set(berlin(2026, 10, 19, 9, 0))
    start, end = utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0)  # Berlin's 25 October
    free = selectors.machine_availability(machine=night_machine, start=start, end=end)
    # 01:00 CEST is 23:00 UTC the day before; 04:00 CET is 03:00 UTC: four real hours.
    assert free[0] == Interval(utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0))
    assert free[1] == Interval(utc(2026, 10, 25, 9, 0), utc(2026, 10, 25, 13, 0))
    # The API gives the offsets on both sides of the change.
    response = api_client.get(
        f"/api/v1/machines/{night_machine.pk}/availability/",
        {"start": "2026-10-25T00:00:00+02:00", "end": "2026-10-26T00:00:00+01:00"},
    )
    assert response.status_code == 200
    assert response.json()[0] == {
        "start": "2026-10-25T01:00:00+02:00",
        "end": "2026-10-25T04:00:00+01:00",
    }
    assert response.json()[1] == {
        "start": "2026-10-25T10:00:00+01:00",
        "end": "2026-10-25T14:00:00+01:00",
    }
    # 01:00-04:00 wall clock that day is 240 minutes: over a 180-minute maximum.
    night_machine.max_duration_minutes = 180
    night_machine.save()
    with pytest.raises(services.ServiceError) as refused:
        services.booking_create(
            machine=night_machine,
            user=_person(night_machine),
            start=utc(2026, 10, 24, 23, 0),
            end=utc(2026, 10, 25, 3, 0),
        )
    assert refused.value.code == "too_long"


def _person(machine):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.mark.django_db
def test_api_availability_range_limits(machine, api_client):
    url = f"/api/v1/machines/{machine.pk}/availability/"
    too_long = api_client.get(
        url, {"start": "2027-01-01T00:00:00+01:00", "end": "2027-03-05T00:00:00+01:00"}
    )
    assert too_long.status_code == 400
    assert too_long.json()["code"] == "range_too_long"
    exactly = api_client.get(
        url, {"start": "2027-01-01T00:00:00+01:00", "end": "2027-03-04T00:00:00+01:00"}
    )
    assert exactly.status_code == 200
    backwards = api_client.get(
        url, {"start": "2027-01-02T00:00:00+01:00", "end": "2027-01-01T00:00:00+01:00"}
    )
    assert backwards.status_code == 400
    missing = api_client.get(url, {"start": "yesterday"})
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"start", "end"}
    assert api_client.get("/api/v1/machines/999999/availability/").status_code == 404


@pytest.mark.django_db
def test_availability_query_count_does_not_grow_with_bookings(
    machine, api_client, django_assert_num_queries
):
    url = f"/api/v1/machines/{machine.pk}/availability/"
    params = {"start": "2027-01-04T00:00:00+01:00", "end": "2027-02-01T00:00:00+01:00"}
    BookingFactory(machine=machine, start=berlin(2027, 1, 5, 9, 0))
    with django_assert_num_queries(4):  # machine, hours, closures, bookings
        few = api_client.get(url, params)
    for day in range(6, 30):
        for hour in (9, 12, 15, 18):
            BookingFactory(machine=machine, start=berlin(2027, 1, day, hour, 0))
    with django_assert_num_queries(4):
        many = api_client.get(url, params)
    assert len(many.json()) > len(few.json())


@pytest.mark.django_db
def test_next_free_slots_respect_grid_and_buffer(machine, clock):
    machine.buffer_minutes = 15
    machine.save()
    BookingFactory(machine=machine, start=berlin(2027, 1, 4, 9, 0), end=berlin(2027, 1, 4, 10, 0))
    slots = selectors.next_free_slots(machine=machine, minutes=60, after=berlin(2027, 1, 4, 8, 10))
    # 08:30-09:30 would put its buffer into the 09:00 booking; the first fit is after 10:15.
    assert slots[0] == Interval(berlin(2027, 1, 4, 10, 30), berlin(2027, 1, 4, 11, 30))
    assert len(slots) == 3
