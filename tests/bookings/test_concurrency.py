"""Never double-booked, under truly concurrent requests (PostgreSQL: real threads, each
with its own connection, released together by a barrier).

The lock and the constraint each close a race. With the machine-row lock off, the exclusion
constraint alone still refuses overlaps (and its error becomes the friendly 409); but rules
the constraint cannot express, like the weekly quota, need the lock: with it off, many
requests pass the check before any writes, and the quota is overrun."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from bookings import services
from bookings.models import Booking
from tests.bookings.conftest import berlin
from tests.factories import UserFactory

THREADS = 20


def fire(requests: list[tuple[object, dict]]) -> list[int]:
    """POST every (user, payload) at once from its own thread; return the status codes."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def run(index: int, person: object, data: dict) -> None:
        try:
            client = APIClient()
            client.force_authenticate(person)
            barrier.wait(timeout=30)
            statuses[index] = client.post("/api/v1/bookings/", data, format="json").status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, person, data))
        for i, (person, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def slot(machine, start, minutes=60):
    return {
        "machine": machine.pk,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
    }


def overlapping_pairs(machine) -> list[tuple[int, int]]:
    rows = list(
        Booking.objects.filter(machine=machine, status__in=Booking.ACTIVE).values_list(
            "pk", "start", "blocked_until"
        )
    )
    return [
        (a[0], b[0])
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
        if a[1] < b[2] and b[1] < a[2]
    ]


@pytest.fixture
def slow_writes(monkeypatch):
    """Pause between the checks and the write, to widen the race window."""
    monkeypatch.setattr(services, "_pause_after_check", lambda: time.sleep(0.3))


@pytest.mark.django_db(transaction=True)
def test_twenty_overlapping_requests_exactly_one_wins(postgres_only, machine, clock):
    machine.buffer_minutes = 15
    machine.save()
    people = [UserFactory() for _ in range(THREADS)]
    # All different starts, all overlapping 10:00-11:15 (time plus buffer) of each other.
    requests = [
        (p, slot(machine, berlin(2027, 1, 5, 10, 0) + timedelta(minutes=30 * (i % 2))))
        for i, p in enumerate(people)
    ]
    statuses = fire(requests)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert Booking.objects.filter(machine=machine, status=Booking.Status.CONFIRMED).count() == 1
    assert overlapping_pairs(machine) == []


@pytest.mark.django_db(transaction=True)
def test_twenty_non_conflicting_requests_all_succeed(postgres_only, machine, clock):
    machine.max_hours_per_week = 100
    machine.save()
    people = [UserFactory() for _ in range(THREADS)]
    requests = [
        (p, slot(machine, berlin(2027, 1, 5, 8, 0) + timedelta(minutes=30 * i), minutes=30))
        for i, p in enumerate(people)
    ]
    statuses = fire(requests)
    assert statuses == [201] * THREADS
    assert Booking.objects.filter(machine=machine).count() == THREADS
    assert overlapping_pairs(machine) == []


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_constraint_still_refuses_overlaps(
    postgres_only, machine, clock, monkeypatch, slow_writes
):
    monkeypatch.setattr(services, "LOCK_MACHINE_ROWS", False)
    people = [UserFactory() for _ in range(THREADS)]
    statuses = fire([(p, slot(machine, berlin(2027, 1, 5, 10, 0))) for p in people])
    # Every request passed the check (no lock); the database let exactly one write through
    # and the others got the friendly 409, not a 500.
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert overlapping_pairs(machine) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [False, True])
def test_the_lock_is_what_keeps_the_weekly_quota(
    postgres_only, machine, member, clock, monkeypatch, slow_writes, lock
):
    machine.max_hours_per_week = 1
    machine.save()
    monkeypatch.setattr(services, "LOCK_MACHINE_ROWS", lock)
    # One person, twenty different hours: only one fits in the quota of one hour.
    requests = [
        (member, slot(machine, berlin(2027, 1, 5 + i // 10, 8 + i % 10, 0))) for i in range(THREADS)
    ]
    statuses = fire(requests)
    won = statuses.count(201)
    if lock:
        assert won == 1
        assert statuses.count(400) == THREADS - 1
    else:
        assert won > 1  # the race is real: the quota is overrun without the lock


@pytest.mark.django_db
def test_the_database_refuses_overlaps_written_around_the_services(postgres_only, machine):
    from django.db import IntegrityError, transaction

    from tests.bookings.factories import BookingFactory

    machine.buffer_minutes = 15
    machine.save()
    BookingFactory(machine=machine, start=berlin(2027, 1, 5, 10, 0))  # blocks until 11:15
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(machine=machine, start=berlin(2027, 1, 5, 11, 0))
    # Cancelled rows and other machines do not count; touching ranges do not overlap.
    BookingFactory(
        machine=machine, start=berlin(2027, 1, 5, 11, 0), status=Booking.Status.CANCELLED
    )
    BookingFactory(start=berlin(2027, 1, 5, 10, 0))
    BookingFactory(machine=machine, start=berlin(2027, 1, 5, 11, 15))
