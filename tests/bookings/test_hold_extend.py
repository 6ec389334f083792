"""WCAG 2.2.1 on the hold page: the time limit is told in words and can be extended once."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from bookings import services
from bookings.models import Booking
from makerhub.errors import PermissionDenied, ServiceError
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold(machine, user, member, clock, django_capture_on_commit_callbacks):
    """``member`` waits for Saturday 10-14, which ``user`` had booked and now cancels."""
    taken = BookingFactory(
        machine=machine, user=user, start=berlin(2027, 1, 9, 10, 0), end=berlin(2027, 1, 9, 14, 0)
    )
    services.watch_create(machine=machine, user=member, start=taken.start, end=taken.end)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, actor=user)
    held = Booking.objects.get(status=Booking.Status.HELD)
    assert held.user == member and held.hold_expires_at == clock.at + timedelta(minutes=30)
    return held


def url(hold):  # type: ignore[no-untyped-def]
    return f"/bookings/hold/{hold.pk}/{hold.hold_token}/"


def test_hold_can_be_extended_once_by_30_minutes(hold, member, clock):
    clock.set(clock.at + timedelta(minutes=20))
    extended = services.hold_extend(booking=hold, token=hold.hold_token, actor=member)
    assert extended.hold_expires_at == berlin(2027, 1, 4, 9, 0)  # 08:30 + 30 minutes
    assert extended.hold_extended
    with pytest.raises(ServiceError) as again:
        services.hold_extend(booking=hold, token=hold.hold_token)
    assert again.value.code == "hold_extended"
    hold.refresh_from_db()
    assert hold.hold_expires_at == berlin(2027, 1, 4, 9, 0)

    # The extended hold does not expire at the old time, but at the new one.
    clock.set(berlin(2027, 1, 4, 8, 45))
    assert services.holds_expire() == 0
    clock.set(berlin(2027, 1, 4, 9, 0))
    assert services.holds_expire() == 1


def test_only_the_person_and_only_before_it_expires(hold, member, clock):
    with pytest.raises(PermissionDenied):
        services.hold_extend(booking=hold, token="wrong")
    with pytest.raises(PermissionDenied):
        services.hold_extend(booking=hold, token=hold.hold_token, actor=UserFactory())
    clock.set(clock.at + timedelta(minutes=30))  # 08:30: expired, even before the task ran
    with pytest.raises(ServiceError) as expired:
        services.hold_extend(booking=hold, token=hold.hold_token, actor=member)
    assert expired.value.code == "hold_expired"
    hold.refresh_from_db()
    assert hold.hold_expires_at == berlin(2027, 1, 4, 8, 30) and not hold.hold_extended


def test_hold_never_lasts_beyond_the_start_of_the_held_time(hold, clock):
    Booking.objects.filter(pk=hold.pk).update(hold_expires_at=hold.start - timedelta(minutes=10))
    clock.set(hold.start - timedelta(minutes=15))
    extended = services.hold_extend(booking=hold, token=hold.hold_token)
    assert extended.hold_expires_at == hold.start


def test_page_tells_the_time_in_words_and_offers_to_extend(hold, clock):
    client = APIClient()
    clock.set(clock.at + timedelta(minutes=5))  # 08:05
    html = client.get(url(hold)).content.decode()
    assert "bis 08:30" in html  # until when, as a clock time
    assert "25 Minuten" in html  # how long, in words, as of loading the page (08:05)
    assert 'value="extend"' in html

    response = client.post(url(hold), {"action": "extend"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "bis 09:00" in html and "55 Minuten" in html
    assert 'value="extend"' not in html  # once only
    hold.refresh_from_db()
    assert hold.hold_extended and hold.status == Booking.Status.HELD

    clock.set(berlin(2027, 1, 4, 9, 1))
    expired = client.get(url(hold)).content.decode()
    assert 'value="confirm"' not in expired and 'value="extend"' not in expired


def test_someone_else_signed_in_cannot_extend_it(hold, client):
    client.force_login(UserFactory())
    client.post(url(hold), {"action": "extend"})
    hold.refresh_from_db()
    assert not hold.hold_extended and hold.hold_expires_at == berlin(2027, 1, 4, 8, 30)
