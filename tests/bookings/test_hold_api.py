"""Holds through the API: what the hold page offers (see, confirm, extend once, decline), for
the signed-in person the hold is for; 404 for everybody else; errors in the project's shape.
And the e-mails name the expiry as it is now, also after an extension."""

from datetime import timedelta

import pytest
from django.core import mail
from rest_framework.test import APIClient

from bookings import emails, services
from bookings.models import Booking, Watch
from makerhub.errors import PermissionDenied, ServiceError
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = "2027-01-09T10:00:00+01:00"


def client_for(person):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(person)
    return client


@pytest.fixture
def second(machine, member):  # type: ignore[no-untyped-def]
    """Waits for the same time as ``member``, after them."""
    person = UserFactory()
    services.watch_create(
        machine=machine, user=person, start=berlin(2027, 1, 9, 10, 0), end=berlin(2027, 1, 9, 14, 0)
    )
    return person


@pytest.fixture
def hold(machine, user, member, clock, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """At 08:00 ``user`` cancels Saturday 10-14; ``member`` waited for it and gets a hold
    until 08:30 (with the offer e-mail)."""
    taken = BookingFactory(
        machine=machine, user=user, start=berlin(2027, 1, 9, 10, 0), end=berlin(2027, 1, 9, 14, 0)
    )
    services.watch_create(machine=machine, user=member, start=taken.start, end=taken.end)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, actor=user)
    held = Booking.objects.get(status=Booking.Status.HELD)
    assert held.user == member
    return held


def mails_to(person):  # type: ignore[no-untyped-def]
    return [m for m in mail.outbox if m.to == [person.email]]


# --- the e-mails name the current expiry ------------------------------------------------


def test_offer_mail_names_the_expiry_and_the_one_extension(hold, member):
    (offer,) = mails_to(member)
    assert "08:30" in offer.body and "04.01.2027" in offer.body
    assert f"/bookings/hold/{hold.pk}/{hold.hold_token}/" in offer.body
    assert "einmal" in offer.body and "30 Minuten" in offer.body  # can be extended once


def test_extension_on_the_page_mails_the_new_expiry(
    hold, member, clock, django_capture_on_commit_callbacks
):
    clock.set(clock.at + timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            f"/bookings/hold/{hold.pk}/{hold.hold_token}/", {"action": "extend"}
        )
    assert response.status_code == 302
    offer, extended = mails_to(member)
    assert "Länger" in extended.subject and hold.machine.name in extended.subject
    assert "09:00" in extended.body and "08:30" not in extended.body
    assert f"/bookings/hold/{hold.pk}/{hold.hold_token}/" in extended.body
    # The page and "my bookings" say 09:00 too.
    page = APIClient().get(f"/bookings/hold/{hold.pk}/{hold.hold_token}/").content.decode()
    assert "bis 09:00" in page and "08:30" not in page
    client = APIClient()
    client.force_login(member)
    assert "bis 09:00" in client.get("/bookings/").content.decode()


def test_extension_mail_in_the_persons_language(
    hold, member, clock, django_capture_on_commit_callbacks
):
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.hold_extend(booking=hold, token=hold.hold_token)
    extended = mails_to(member)[-1]
    assert extended.subject.startswith("[MakerHub] Held for you longer")
    assert "Confirm it before 09:00 on 04.01.2027" in extended.body


def test_offer_mail_sent_late_names_the_current_expiry(hold, member, clock):
    """The offer e-mail is rendered when the task runs: after an extension it is the new time."""
    Booking.objects.filter(pk=hold.pk).update(
        hold_expires_at=berlin(2027, 1, 4, 9, 0), hold_extended=True
    )
    mail.outbox.clear()
    emails.hold_offered_send(booking_id=hold.pk)
    (offer,) = mails_to(member)
    assert "09:00" in offer.body and "08:30" not in offer.body


def test_refused_extension_sends_no_mail(hold, member, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.hold_extend(booking=hold, token=hold.hold_token)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError):
        services.hold_extend(booking=hold, token=hold.hold_token)
    assert len(mail.outbox) == sent


def test_a_mail_for_a_hold_no_longer_open_is_not_sent(hold, member, clock):
    services.hold_confirm(booking=hold, actor=member)
    mail.outbox.clear()
    emails.hold_extended_send(booking_id=hold.pk)
    emails.hold_offered_send(booking_id=hold.pk)
    assert mail.outbox == []


# --- services: who may act on a hold ----------------------------------------------------


def test_services_accept_the_token_or_the_person_signed_in(hold, member, clock):
    stranger = UserFactory()
    for service in (services.hold_confirm, services.hold_extend, services.hold_decline):
        with pytest.raises(PermissionDenied):
            service(booking=hold, actor=stranger)
        with pytest.raises(PermissionDenied):
            service(booking=hold, token="wrong", actor=member)
        with pytest.raises(PermissionDenied):
            service(booking=hold)  # neither token nor person
        with pytest.raises(PermissionDenied):  # the right token in someone else's session
            service(booking=hold, token=hold.hold_token, actor=stranger)
    hold.refresh_from_db()
    assert hold.status == Booking.Status.HELD and not hold.hold_extended
    assert services.hold_confirm(booking=hold, actor=member).status == Booking.Status.CONFIRMED


def test_hold_extension_until(hold, clock):
    assert services.hold_extension_until(booking=hold) == berlin(2027, 1, 4, 9, 0)
    hold.hold_extended = True
    assert services.hold_extension_until(booking=hold) is None
    hold.hold_extended = False
    hold.hold_expires_at = hold.start
    assert services.hold_extension_until(booking=hold) is None  # would not last any longer
    hold.hold_expires_at = berlin(2027, 1, 4, 8, 30)
    clock.set(berlin(2027, 1, 4, 8, 30))
    assert services.hold_extension_until(booking=hold) is None  # expired


def test_decline_only_while_held(hold, member, clock):
    services.hold_confirm(booking=hold, token=hold.hold_token)
    with pytest.raises(ServiceError) as refused:
        services.hold_decline(booking=hold, actor=member)
    assert refused.value.code == "hold_expired"
    hold.refresh_from_db()
    assert hold.status == Booking.Status.CONFIRMED


# --- API --------------------------------------------------------------------------------


def test_get_shows_the_hold_in_local_time(hold, member, clock):
    clock.set(berlin(2027, 1, 4, 8, 5))
    response = client_for(member).get(f"/api/v1/holds/{hold.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": hold.pk,
        "machine": hold.machine_id,
        "machine_name": "Prusa MK4",
        "start": START,
        "end": "2027-01-09T14:00:00+01:00",
        "status": "held",
        "price": str(hold.price),
        "expires_at": "2027-01-04T08:30:00+01:00",
        "minutes_left": 25,
        "extended": False,
        "extend_until": "2027-01-04T09:00:00+01:00",
    }


def test_extend_once_with_mail_then_400_in_the_error_shape(
    hold, member, clock, django_capture_on_commit_callbacks
):
    clock.set(berlin(2027, 1, 4, 8, 20))
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/holds/{hold.pk}/extend/")
    assert response.status_code == 200
    body = response.json()
    assert body["expires_at"] == "2027-01-04T09:00:00+01:00"
    assert body["extended"] is True and body["extend_until"] is None
    assert body["minutes_left"] == 40
    assert "09:00" in mails_to(member)[-1].body

    again = client.post(f"/api/v1/holds/{hold.pk}/extend/")
    assert again.status_code == 400
    assert again.json() == {
        "code": "hold_extended",
        "detail": "Diese Reservierung wurde schon einmal verlängert. "
        "Bitte bestätigen Sie sie jetzt oder sagen Sie ab.",
        "errors": {},
    }
    hold.refresh_from_db()
    assert hold.hold_expires_at == berlin(2027, 1, 4, 9, 0)


def test_extend_after_expiry_is_400(hold, member, clock):
    clock.set(berlin(2027, 1, 4, 8, 30))  # expired, even before the task ran
    response = client_for(member).post(f"/api/v1/holds/{hold.pk}/extend/")
    assert response.status_code == 400
    assert response.json()["code"] == "hold_expired"
    assert set(response.json()) == {"code", "detail", "errors"}
    hold.refresh_from_db()
    assert not hold.hold_extended


def test_confirm_makes_it_a_booking(hold, member, clock, django_capture_on_commit_callbacks):
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/holds/{hold.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed" and response.json()["id"] == hold.pk
    assert Watch.objects.get(user=member).status == Watch.Status.FULFILLED
    assert any(m.attachments for m in mails_to(member))  # confirmation with booking.ics
    after = client.get(f"/api/v1/holds/{hold.pk}/").json()
    assert after["status"] == "confirmed" and after["expires_at"] is None
    assert after["minutes_left"] == 0 and after["extend_until"] is None
    # Used once: neither confirm, extend nor decline works any more.
    for action in ("confirm", "extend", "decline"):
        refused = client.post(f"/api/v1/holds/{hold.pk}/{action}/")
        assert refused.status_code == 400 and refused.json()["code"] == "hold_expired"
    hold.refresh_from_db()
    assert hold.status == Booking.Status.CONFIRMED


def test_decline_passes_the_time_on(hold, member, second, clock):
    response = client_for(member).post(f"/api/v1/holds/{hold.pk}/decline/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled" and response.json()["expires_at"] is None
    hold.refresh_from_db()
    assert hold.status == Booking.Status.CANCELLED and hold.cancelled_by == member
    assert Booking.objects.get(status=Booking.Status.HELD).user == second


@pytest.mark.parametrize("who", ["stranger", "staff", "the one who cancelled"])
def test_other_peoples_holds_are_404_and_stay_as_they_are(hold, user, staff, clock, who):
    person = {"stranger": UserFactory(), "staff": staff, "the one who cancelled": user}[who]
    client = client_for(person)
    response = client.get(f"/api/v1/holds/{hold.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    for action in ("confirm", "extend", "decline"):
        assert client.post(f"/api/v1/holds/{hold.pk}/{action}/").status_code == 404
    hold.refresh_from_db()
    assert hold.status == Booking.Status.HELD and not hold.hold_extended


def test_a_booking_that_never_was_a_hold_is_404(machine, member, clock):
    own = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    client = client_for(member)
    assert client.get(f"/api/v1/holds/{own.pk}/").status_code == 404
    assert client.post(f"/api/v1/holds/{own.pk}/decline/").status_code == 404
    assert client.get("/api/v1/holds/999999/").status_code == 404
    own.refresh_from_db()
    assert own.status == Booking.Status.CONFIRMED


def test_signed_out_is_refused(hold, clock):
    assert APIClient().get(f"/api/v1/holds/{hold.pk}/").status_code in (401, 403)
    assert APIClient().post(f"/api/v1/holds/{hold.pk}/confirm/").status_code in (401, 403)
    hold.refresh_from_db()
    assert hold.status == Booking.Status.HELD


def test_booking_confirm_endpoint_needs_no_token_but_checks_one_given(hold, member, clock):
    client = client_for(member)
    wrong = client.post(f"/api/v1/bookings/{hold.pk}/confirm/", {"token": "x"}, format="json")
    assert wrong.status_code == 403
    hold.refresh_from_db()
    assert hold.status == Booking.Status.HELD
    response = client.post(f"/api/v1/bookings/{hold.pk}/confirm/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"


def test_my_bookings_links_the_hold_page_for_its_owner_only(hold, member, user):
    from django.test import Client

    page = Client()
    page.force_login(member)
    html = page.get("/bookings/").content.decode()
    link = f"/bookings/hold/{hold.pk}/{hold.hold_token}/"
    assert link in html
    assert page.get(link).status_code == 200
    page.force_login(user)  # the person who cancelled sees no such link
    assert hold.hold_token not in page.get("/bookings/").content.decode()
