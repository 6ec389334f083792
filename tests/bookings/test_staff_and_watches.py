"""Maintenance blocks, out of order, and waiting for a slot with 30-minute holds."""

from datetime import timedelta

import pytest
from django.core import mail
from rest_framework.test import APIClient

from bookings import services, tasks
from bookings.models import Booking, Watch
from makerhub.errors import Conflict, PermissionDenied, ServiceError
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.factories import UserFactory


def client_for(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


@pytest.mark.django_db
def test_maintenance_block_cancels_bookings_and_suggests_free_slots(
    machine, member, staff, clock, django_capture_on_commit_callbacks
):
    twin = MachineFactory(space=machine.space, name="Twin printer", kind=machine.kind)
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    untouched = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 15, 0))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            f"/api/v1/machines/{machine.pk}/maintenance/",
            {
                "start": "2027-01-05T09:00:00+01:00",
                "end": "2027-01-05T12:00:00+01:00",
                "reason": "Nozzle",
            },
            format="json",
        )
    assert response.status_code == 201
    booking.refresh_from_db()
    untouched.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == staff
    assert untouched.status == Booking.Status.CONFIRMED
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Nozzle" in body
    # The same machine is free again at 12:00 that day, and the twin at 10:00.
    assert "12:00" in body
    assert twin.name in body
    # Free time and booking both refuse the blocked period.
    with pytest.raises(Conflict):
        services.booking_create(
            machine=machine,
            user=member,
            start=berlin(2027, 1, 5, 11, 0),
            end=berlin(2027, 1, 5, 12, 0),
        )


@pytest.mark.django_db
def test_only_staff_create_blocks(machine, member, clock):
    response = client_for(member).post(
        f"/api/v1/machines/{machine.pk}/maintenance/",
        {"start": "2027-01-05T09:00:00+01:00", "end": "2027-01-05T12:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 403
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_out_of_order_cancels_upcoming_and_suggests_similar_machine(
    machine, member, staff, clock, django_capture_on_commit_callbacks
):
    other_space_twin = MachineFactory(kind=machine.kind, name="Elsewhere printer")
    from tests.factories import open_every_day

    open_every_day(other_space_twin.space)
    past = BookingFactory(
        machine=machine,
        user=member,
        start=berlin(2027, 1, 3, 10, 0),
        status=Booking.Status.CHECKED_IN,
    )
    upcoming = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 6, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            f"/api/v1/machines/{machine.pk}/status/", {"status": "out_of_order"}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["cancelled_bookings"] == [upcoming.pk]
    past.refresh_from_db()
    assert past.status == Booking.Status.CHECKED_IN
    assert len(mail.outbox) == 1
    assert "Elsewhere printer" in mail.outbox[0].body
    assert (
        client_for(member)
        .post(f"/api/v1/machines/{machine.pk}/status/", {"status": "available"}, format="json")
        .status_code
        == 403
    )


@pytest.fixture
def taken(machine, user, clock):
    """Saturday 10-14 is booked by someone."""
    return BookingFactory(
        machine=machine, user=user, start=berlin(2027, 1, 9, 10, 0), end=berlin(2027, 1, 9, 14, 0)
    )


@pytest.mark.django_db
def test_watch_gets_a_hold_with_a_link_on_cancellation(
    machine, taken, member, clock, django_capture_on_commit_callbacks
):
    first, second = member, UserFactory()
    for person in (first, second):
        response = client_for(person).post(
            "/api/v1/watches/",
            {
                "machine": machine.pk,
                "start": "2027-01-09T10:00:00+01:00",
                "end": "2027-01-09T14:00:00+01:00",
            },
            format="json",
        )
        assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, actor=taken.user)
    hold = Booking.objects.get(status=Booking.Status.HELD)
    assert hold.user == first
    assert hold.hold_expires_at == clock.at + timedelta(minutes=30)
    offer = next(m for m in mail.outbox if m.to == [first.email])
    assert f"/bookings/hold/{hold.pk}/{hold.hold_token}/" in offer.body
    # The hold blocks others like a booking.
    with pytest.raises(Conflict):
        services.booking_create(
            machine=machine,
            user=second,
            start=berlin(2027, 1, 9, 10, 0),
            end=berlin(2027, 1, 9, 11, 0),
        )
    # One click on the link's page confirms it.
    client = APIClient()
    page = client.get(f"/bookings/hold/{hold.pk}/{hold.hold_token}/")
    assert page.status_code == 200
    assert client.get(f"/bookings/hold/{hold.pk}/wrong-token/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/bookings/hold/{hold.pk}/{hold.hold_token}/", {"action": "confirm"})
    hold.refresh_from_db()
    assert hold.status == Booking.Status.CONFIRMED
    assert Watch.objects.get(user=first).status == Watch.Status.FULFILLED
    assert Watch.objects.get(user=second).status == Watch.Status.WAITING


@pytest.mark.django_db
def test_unconfirmed_hold_expires_and_passes_to_the_next_watcher(
    machine, taken, member, clock, django_capture_on_commit_callbacks
):
    second = UserFactory()
    for person in (member, second):
        services.watch_create(
            machine=machine,
            user=person,
            start=berlin(2027, 1, 9, 10, 0),
            end=berlin(2027, 1, 9, 14, 0),
        )
    services.booking_cancel(booking=taken, actor=taken.user)
    first_hold = Booking.objects.get(status=Booking.Status.HELD)
    clock.set(clock.at + timedelta(minutes=29))
    assert tasks.holds_expire_task() == 0
    clock.set(clock.at + timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.holds_expire_task() == 1
    assert tasks.holds_expire_task() == 0  # running twice changes nothing
    first_hold.refresh_from_db()
    assert first_hold.status == Booking.Status.EXPIRED
    second_hold = Booking.objects.get(status=Booking.Status.HELD)
    assert second_hold.user == second
    assert Watch.objects.get(user=member).status == Watch.Status.MISSED
    # The expired link no longer confirms.
    with pytest.raises(ServiceError):
        services.hold_confirm(booking=first_hold, token=first_hold.hold_token)
    assert any(m.to == [second.email] for m in mail.outbox)


@pytest.mark.django_db
def test_shortened_booking_frees_time_for_a_watch(machine, taken, member, clock):
    services.watch_create(
        machine=machine, user=member, start=berlin(2027, 1, 9, 12, 0), end=berlin(2027, 1, 9, 14, 0)
    )
    services.booking_reschedule(
        booking=taken,
        actor=taken.user,
        start=berlin(2027, 1, 9, 10, 0),
        end=berlin(2027, 1, 9, 12, 0),
    )
    hold = Booking.objects.get(status=Booking.Status.HELD)
    assert (hold.user, hold.start) == (member, berlin(2027, 1, 9, 12, 0))


@pytest.mark.django_db
def test_declining_a_hold_passes_it_on(machine, taken, member, clock):
    second = UserFactory()
    for person in (member, second):
        services.watch_create(
            machine=machine,
            user=person,
            start=berlin(2027, 1, 9, 10, 0),
            end=berlin(2027, 1, 9, 14, 0),
        )
    services.booking_cancel(booking=taken, actor=taken.user)
    hold = Booking.objects.get(status=Booking.Status.HELD)
    APIClient().post(f"/bookings/hold/{hold.pk}/{hold.hold_token}/", {"action": "decline"})
    assert Booking.objects.get(status=Booking.Status.HELD).user == second
    hold.refresh_from_db()
    assert hold.status == Booking.Status.CANCELLED and hold.cancelled_by == member


@pytest.mark.django_db
def test_watch_rules(machine, taken, member, clock):
    with pytest.raises(ServiceError) as free:
        services.watch_create(
            machine=machine,
            user=member,
            start=berlin(2027, 1, 9, 15, 0),
            end=berlin(2027, 1, 9, 16, 0),
        )
    assert free.value.code == "already_free"
    with pytest.raises(ServiceError) as grid:
        services.watch_create(
            machine=machine,
            user=member,
            start=berlin(2027, 1, 9, 10, 5),
            end=berlin(2027, 1, 9, 11, 0),
        )
    assert grid.value.code == "off_grid"
    watch = services.watch_create(
        machine=machine, user=member, start=berlin(2027, 1, 9, 10, 0), end=berlin(2027, 1, 9, 11, 0)
    )
    with pytest.raises(ServiceError):
        services.watch_create(
            machine=machine,
            user=member,
            start=berlin(2027, 1, 9, 10, 0),
            end=berlin(2027, 1, 9, 11, 0),
        )
    with pytest.raises(PermissionDenied):
        services.watch_cancel(watch=watch, actor=UserFactory())
    assert client_for(UserFactory()).delete(f"/api/v1/watches/{watch.pk}/").status_code == 404
    assert client_for(member).delete(f"/api/v1/watches/{watch.pk}/").status_code == 204
