"""Requester and helpers arrange to meet at a booking or a workshop date: who may link what,
and who sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accessibility import services
from accessibility.models import BarrierNeed
from makerhub.errors import ServiceError
from tests.accessibility.factories import BarrierNeedFactory
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.factories import UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

REFUSED = "Sie können nur eine eigene Buchung verknüpfen"


@pytest.fixture
def need(space, member):
    need = BarrierNeedFactory(space=space)
    services.need_take_on(need=need, user=member)
    return need


def _booking(space, user, name="Lasercutter 60 W"):
    machine = MachineFactory(space=space, name=name)
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return BookingFactory(machine=machine, user=user, start=start)


def test_requester_links_own_booking_and_a_session(client, space, need):
    booking = _booking(space, need.requester)
    session = SessionFactory(workshop=WorkshopFactory(space=space, title="Griffe drucken"))
    client.force_login(need.requester)
    page = client.get(need.get_absolute_url()).content.decode()
    assert f'<option value="{booking.pk}">Lasercutter 60 W, ' in page
    assert f'<option value="{session.pk}">Griffe drucken, ' in page
    response = client.post(
        reverse("need-meeting", kwargs={"pk": need.pk}),
        {"note": "", "link": "", "meeting_booking": booking.pk, "meeting_session": session.pk},
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.meeting_booking == booking and need.meeting_session == session
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Lasercutter 60 W, " in page and "Griffe drucken, " in page
    # German is the signed-in default here.
    assert page.count("Treffen: <a") == 2 and "Treffen bei einer Ihrer Buchungen" in page


def test_another_persons_booking_is_refused_with_a_clear_message(client, space, member, need):
    others = _booking(space, UserFactory())
    with pytest.raises(ServiceError) as error:
        services.need_meeting_set(need=need, by=member, note="", meeting_booking=others.pk)
    assert error.value.field == "meeting_booking"
    client.force_login(need.requester)
    response = client.post(
        reverse("need-meeting", kwargs={"pk": need.pk}),
        {"note": "Dienstag", "meeting_booking": others.pk},
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    need.refresh_from_db()
    assert need.meeting_booking is None and need.meeting_note == ""
    # A past or cancelled workshop date is refused too.
    past = SessionFactory(
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=2),
        signup_deadline=timezone.now() - timedelta(days=3),
    )
    with pytest.raises(ServiceError) as error:
        services.need_meeting_set(need=need, by=member, note="", meeting_session=past.pk)
    assert error.value.field == "meeting_session"


def test_staff_may_link_any_booking_at_their_space(space, staff, need):
    booking = _booking(space, UserFactory())
    services.need_meeting_set(need=need, by=staff, note="", meeting_booking=booking.pk)
    assert BarrierNeed.objects.get(pk=need.pk).meeting_booking_id == booking.pk


def test_booking_only_for_requester_helpers_and_staff_session_for_all(
    client, space, member, staff, need
):
    booking = _booking(space, need.requester, name="Lasercutter 60 W")
    session = SessionFactory(workshop=WorkshopFactory(space=space, title="Griffe drucken"))
    services.need_meeting_set(
        need=need,
        by=need.requester,
        note="",
        meeting_booking=booking.pk,
        meeting_session=session.pk,
    )
    # A helper may save the form again without changing the requester's booking.
    services.need_meeting_set(
        need=need, by=member, note="Bis dann", meeting_booking=booking.pk, meeting_session=None
    )
    need.refresh_from_db()
    assert need.meeting_booking == booking and need.meeting_session is None
    services.need_meeting_set(
        need=need, by=member, note="", meeting_booking=booking.pk, meeting_session=session.pk
    )
    for viewer, sees_booking in (
        (need.requester, True),
        (member, True),
        (staff, True),
        (UserFactory(), False),
        (None, False),
    ):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(need.get_absolute_url()).content.decode()
        assert ("Lasercutter 60 W" in page) is sees_booking, viewer
        assert "Griffe drucken, " in page
