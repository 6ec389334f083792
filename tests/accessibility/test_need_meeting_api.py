"""The need meeting in the API (``/api/v1/needs/<pk>/meeting/``): the same service and the
same rules as the page: who may link which booking or workshop date, who sees the booking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accessibility import services
from accessibility.models import BarrierNeed
from bookings.models import Booking
from tests.accessibility.factories import BarrierNeedFactory
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.factories import SpaceFactory, UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(space, member):
    need = BarrierNeedFactory(space=space)
    services.need_take_on(need=need, user=member)
    return need


def _booking(space, user, name="Lasercutter 60 W"):
    machine = MachineFactory(space=space, name=name)
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return BookingFactory(machine=machine, user=user, start=start)


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _url(need) -> str:
    return f"/api/v1/needs/{need.pk}/meeting/"


def _stored(need) -> tuple:
    need = BarrierNeed.objects.get(pk=need.pk)
    return need.meeting_note, need.meeting_link, need.meeting_booking_id, need.meeting_session_id


def test_requester_links_own_booking_and_a_workshop_date(space, need):
    booking = _booking(space, need.requester)
    session = SessionFactory(workshop=WorkshopFactory(space=space, title="Griffe drucken"))
    response = _api(need.requester).put(
        _url(need),
        {
            "note": " Dienstag 14 Uhr ",
            "link": "/machines/",
            "meeting_booking": booking.pk,
            "meeting_session": session.pk,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["note"] == "Dienstag 14 Uhr" and data["link"] == "/machines/"
    assert data["booking"]["id"] == booking.pk
    assert data["booking"]["machine"] == "Lasercutter 60 W"
    assert data["session"]["id"] == session.pk
    assert data["session"]["workshop"] == "Griffe drucken"
    assert _stored(need) == ("Dienstag 14 Uhr", "/machines/", booking.pk, session.pk)

    # PUT replaces the whole meeting: what is left out is cleared.
    response = _api(need.requester).put(_url(need), {"note": "Doch Mittwoch"}, format="json")
    assert response.status_code == 200
    assert response.json()["booking"] is None and response.json()["session"] is None
    assert _stored(need) == ("Doch Mittwoch", "", None, None)


def test_booking_shown_only_to_requester_helpers_and_staff(space, member, staff, need):
    booking = _booking(space, need.requester)
    session = SessionFactory(workshop=WorkshopFactory(space=space, title="Griffe drucken"))
    services.need_meeting_set(
        need=need,
        by=need.requester,
        note="",
        meeting_booking=booking.pk,
        meeting_session=session.pk,
    )
    for viewer, sees_booking in (
        (need.requester, True),
        (member, True),  # a helper
        (staff, True),
        (UserFactory(), False),
        (None, False),
    ):
        response = _api(viewer).get(_url(need))
        assert response.status_code == 200
        data = response.json()
        assert (data["booking"] is not None) is sees_booking, viewer
        assert "Lasercutter" not in response.content.decode() or sees_booking
        assert data["session"]["workshop"] == "Griffe drucken"


def test_staff_may_link_any_booking_at_their_space_helpers_only_their_own(
    space, member, staff, need
):
    others = _booking(space, UserFactory())
    refused = _api(member).put(_url(need), {"meeting_booking": others.pk}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["meeting_booking"]
    assert _stored(need) == ("", "", None, None)

    accepted = _api(staff).put(_url(need), {"meeting_booking": others.pk}, format="json")
    assert accepted.status_code == 200
    assert _stored(need)[2] == others.pk
    # A helper saves again without changing the linked booking: allowed, as on the page.
    again = _api(member).put(
        _url(need), {"note": "Bis dann", "meeting_booking": others.pk}, format="json"
    )
    assert again.status_code == 200
    assert _stored(need) == ("Bis dann", "", others.pk, None)
    # Staff of another space may not link a booking of this space's need.
    elsewhere = SpaceFactory()
    booking_elsewhere = _booking(elsewhere, UserFactory(), name="Fräse")
    refused = _api(staff).put(_url(need), {"meeting_booking": booking_elsewhere.pk}, format="json")
    assert refused.status_code == 400 and "meeting_booking" in refused.json()["errors"]


def test_bad_input_answers_400_with_field_errors_and_writes_nothing(space, need):
    requester = _api(need.requester)
    cancelled = _booking(space, need.requester, name="Drucker")
    Booking.objects.filter(pk=cancelled.pk).update(status=Booking.Status.CANCELLED)
    past = SessionFactory(
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=2),
        signup_deadline=timezone.now() - timedelta(days=3),
    )
    gone = SessionFactory()
    gone.cancelled_at = timezone.now()
    gone.save(update_fields=["cancelled_at"])
    cases = [
        ({"meeting_booking": "abc"}, "meeting_booking"),
        ({"meeting_booking": 0}, "meeting_booking"),
        ({"meeting_booking": 10**30}, "meeting_booking"),
        ({"meeting_booking": 999_999}, "meeting_booking"),
        ({"meeting_booking": cancelled.pk}, "meeting_booking"),
        ({"meeting_session": "soon"}, "meeting_session"),
        ({"meeting_session": 999_999}, "meeting_session"),
        ({"meeting_session": past.pk}, "meeting_session"),
        ({"meeting_session": gone.pk}, "meeting_session"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"note": "x" * 301}, "note"),
    ]
    for body, field in cases:
        response = requester.put(_url(need), {"note": "Neu", **body}, format="json")
        assert response.status_code == 400, (body, response.status_code)
        assert field in response.json()["errors"], (body, response.json())
        assert _stored(need) == ("", "", None, None), body


def test_only_requester_helpers_and_staff_may_set_it(space, need):
    assert _api().put(_url(need), {"note": "x"}, format="json").status_code in (401, 403)
    outsider = _api(UserFactory()).put(_url(need), {"note": "x"}, format="json")
    assert outsider.status_code == 403
    assert _stored(need) == ("", "", None, None)
    # A withdrawn need is no longer arranged; others do not see it at all.
    services.need_withdraw(need=need, by=need.requester)
    assert _api(need.requester).put(_url(need), {"note": "x"}, format="json").status_code == 409
    assert _api(UserFactory()).get(_url(need)).status_code == 404
