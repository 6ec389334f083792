"""Booking through the API: every answer the issue names, and who may see what."""

from datetime import timedelta

import pytest
from django.core import mail
from rest_framework.test import APIClient

from bookings.models import Booking, Qualification
from spaces.services import membership_set
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.factories import SpaceFactory, UserFactory

URL = "/api/v1/bookings/"


def client_for(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def payload(machine, start, end, **extra):
    return {"machine": machine.pk, "start": start.isoformat(), "end": end.isoformat(), **extra}


@pytest.mark.django_db
def test_create_201_with_confirmation_mail_and_price(
    machine, member, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(
            URL,
            payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 30), note="PETG"),
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["start"] == "2027-01-05T10:00:00+01:00"
    assert body["status"] == "confirmed"
    assert body["price"] == "3.00"  # member price 2 €/h × 1.5 h
    assert Booking.objects.get(pk=body["id"]).note == "PETG"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].attachments[0][0] == "booking.ics"


@pytest.mark.django_db
def test_guests_pay_the_guest_price(machine, user, clock):
    response = client_for(user).post(
        URL, payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0)), format="json"
    )
    assert response.status_code == 201
    assert response.json()["price"] == "4.00"


REJECTIONS = [
    ("in_past", berlin(2027, 1, 4, 7, 0), berlin(2027, 1, 4, 8, 0)),
    ("end_before_start", berlin(2027, 1, 5, 11, 0), berlin(2027, 1, 5, 10, 0)),
    ("off_grid", berlin(2027, 1, 5, 10, 10), berlin(2027, 1, 5, 11, 10)),
    ("outside_hours", berlin(2027, 1, 5, 21, 0), berlin(2027, 1, 5, 23, 0)),
    ("too_short", berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 10, 0) + timedelta(minutes=0)),
    ("too_long", berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 14, 30)),
    ("too_far_ahead", berlin(2027, 2, 10, 10, 0), berlin(2027, 2, 10, 11, 0)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "start", "end"), REJECTIONS)
def test_rule_violations_are_400_with_translated_message(machine, member, clock, code, start, end):
    if code == "too_short":
        machine.min_duration_minutes = 60
        machine.save()
        end = start + timedelta(minutes=30)
    response = client_for(member).post(URL, payload(machine, start, end), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    assert body["errors"]
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_messages_are_german_by_default(machine, member, clock):
    client = client_for(member)
    response = client.post(
        URL,
        payload(machine, berlin(2027, 1, 5, 10, 10), berlin(2027, 1, 5, 11, 10)),
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert "Raster" in response.json()["detail"]


@pytest.mark.django_db
def test_machine_not_available_is_400(machine, member, clock):
    machine.status = machine.Status.MAINTENANCE
    machine.save()
    response = client_for(member).post(
        URL, payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0)), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "machine_unavailable"


@pytest.mark.django_db
def test_weekly_quota_is_400(machine, member, clock):
    machine.max_hours_per_week = 3
    machine.save()
    client = client_for(member)
    ok = client.post(
        URL, payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 12, 0)), format="json"
    )
    assert ok.status_code == 201
    over = client.post(
        URL, payload(machine, berlin(2027, 1, 6, 10, 0), berlin(2027, 1, 6, 11, 30)), format="json"
    )
    assert over.status_code == 400
    assert over.json()["code"] == "weekly_quota"
    # The next week counts afresh.
    next_week = client.post(
        URL, payload(machine, berlin(2027, 1, 11, 10, 0), berlin(2027, 1, 11, 12, 0)), format="json"
    )
    assert next_week.status_code == 201


@pytest.mark.django_db
def test_missing_qualification_is_403_with_workshops(machine, member, staff, clock, hook):
    induction = Qualification.objects.create(space=machine.space, name="Printer induction")
    machine.required_qualification = induction
    machine.save()
    workshops = [
        {
            "title": "Induction",
            "url": "/workshops/1/",
            "start": "2027-01-10T10:00:00+01:00",
            "session_id": 1,
        }
    ]
    hook("workshops.selectors", "upcoming_inductions", lambda *, qualification: workshops)
    data = payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0))
    response = client_for(member).post(URL, data, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "qualification_required"
    assert response.json()["workshops"] == workshops
    from bookings import services

    services.qualification_grant(qualification=induction, user=member, granted_by=staff)
    assert client_for(member).post(URL, data, format="json").status_code == 201


@pytest.mark.django_db
def test_403_body_has_workshops_key_without_the_workshops_app_hook(machine, member, clock):
    machine.required_qualification = Qualification.objects.create(space=machine.space, name="Q")
    machine.save()
    response = client_for(member).post(
        URL, payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0)), format="json"
    )
    assert response.status_code == 403
    assert isinstance(response.json()["workshops"], list)


@pytest.mark.django_db
def test_overlap_and_buffer_are_409(machine, member, user, clock):
    machine.buffer_minutes = 30
    machine.save()
    assert (
        client_for(member)
        .post(
            URL,
            payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 12, 0)),
            format="json",
        )
        .status_code
        == 201
    )
    other = client_for(user)
    cases = [
        (berlin(2027, 1, 5, 11, 0), berlin(2027, 1, 5, 13, 0), 409),  # overlaps the booking
        (berlin(2027, 1, 5, 12, 0), berlin(2027, 1, 5, 13, 0), 409),  # inside its buffer
        (berlin(2027, 1, 5, 9, 0), berlin(2027, 1, 5, 10, 0), 409),  # own buffer reaches it
        (berlin(2027, 1, 5, 8, 0), berlin(2027, 1, 5, 9, 30), 201),  # buffer ends at 10:00
        (berlin(2027, 1, 5, 12, 30), berlin(2027, 1, 5, 13, 30), 201),  # after the buffer
    ]
    for start, end, expected in cases:
        response = other.post(URL, payload(machine, start, end), format="json")
        assert response.status_code == expected, (start, response.json())
        if expected == 409:
            assert response.json()["code"] == "overlap"


@pytest.mark.django_db
def test_unknown_machine_and_bad_input_are_400(member, clock):
    client = client_for(member)
    assert client.post(URL, {"machine": 999, "start": "x"}, format="json").status_code == 400
    response = client.post(
        URL,
        {
            "machine": 999999,
            "start": "2027-01-05T10:00:00+01:00",
            "end": "2027-01-05T11:00:00+01:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "machine" in response.json()["errors"]


@pytest.mark.django_db
def test_anonymous_cannot_book_but_can_list_machines(machine, api_client):
    assert api_client.post(URL, {}, format="json").status_code in (401, 403)
    response = api_client.get("/api/v1/machines/", {"space": machine.space.slug, "kind": "fdm"})
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["results"]] == [machine.pk]
    assert api_client.get("/api/v1/machines/", {"kind": "laser"}).json()["results"] == []
    assert api_client.get("/api/v1/machines/", {"kind": "spaceship"}).status_code == 400


@pytest.mark.django_db
def test_list_own_staff_sees_space_and_others_are_404(machine, member, user, staff, clock):
    mine = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    theirs = BookingFactory(machine=machine, user=user, start=berlin(2027, 1, 5, 12, 0))
    elsewhere = BookingFactory(
        machine=MachineFactory(space=SpaceFactory()), user=user, start=berlin(2027, 1, 5, 12, 0)
    )
    own_ids = [b["id"] for b in client_for(member).get(URL).json()["results"]]
    assert own_ids == [mine.pk]
    assert client_for(member).get(f"{URL}{theirs.pk}/").status_code == 404
    assert client_for(member).patch(f"{URL}{theirs.pk}/", {}, format="json").status_code == 404
    assert client_for(member).post(f"{URL}{theirs.pk}/cancel/").status_code == 404
    staff_ids = {b["id"] for b in client_for(staff).get(URL).json()["results"]}
    assert staff_ids == {mine.pk, theirs.pk}
    assert elsewhere.pk not in staff_ids
    assert client_for(staff).get(f"{URL}{elsewhere.pk}/").status_code == 404


@pytest.mark.django_db
def test_list_query_count_is_constant(machine, member, django_assert_max_num_queries):
    for hour in range(9, 20):
        BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, hour, 0))
    with django_assert_max_num_queries(5):
        response = client_for(member).get(URL)
    assert response.json()["count"] == 11


@pytest.mark.django_db
def test_cancel_before_deadline_keeps_the_record(
    machine, member, clock, django_capture_on_commit_callbacks
):
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(f"{URL}{booking.pk}/cancel/")
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == member and booking.cancelled_at
    assert len(mail.outbox) == 1
    again = client_for(member).post(f"{URL}{booking.pk}/cancel/")
    assert again.status_code == 400


@pytest.mark.django_db
def test_cancel_after_deadline_only_staff(machine, member, staff, clock):
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 4, 9, 30))
    response = client_for(member).post(f"{URL}{booking.pk}/cancel/")
    assert response.status_code == 400
    assert response.json()["code"] == "deadline_passed"
    assert client_for(staff).post(f"{URL}{booking.pk}/cancel/").status_code == 200
    booking.refresh_from_db()
    assert booking.cancelled_by == staff


@pytest.mark.django_db
def test_reschedule_follows_the_rules_and_is_atomic(machine, member, user, clock):
    client = client_for(member)
    created = client.post(
        URL, payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0)), format="json"
    ).json()
    BookingFactory(machine=machine, user=user, start=berlin(2027, 1, 5, 14, 0))
    url = f"{URL}{created['id']}/"
    clash = client.patch(
        url,
        {"start": "2027-01-05T14:00:00+01:00", "end": "2027-01-05T15:00:00+01:00"},
        format="json",
    )
    assert clash.status_code == 409
    off_grid = client.patch(url, {"start": "2027-01-05T10:15:00+01:00"}, format="json")
    assert off_grid.status_code == 400
    booking = Booking.objects.get(pk=created["id"])
    assert booking.start == berlin(2027, 1, 5, 10, 0)  # unchanged
    moved = client.patch(
        url,
        {"start": "2027-01-05T10:30:00+01:00", "end": "2027-01-05T12:00:00+01:00"},
        format="json",
    )
    assert moved.status_code == 200
    booking.refresh_from_db()
    assert (booking.start, booking.end) == (berlin(2027, 1, 5, 10, 30), berlin(2027, 1, 5, 12, 0))
    assert booking.blocked_until == booking.end + timedelta(minutes=machine.buffer_minutes)
    # Moving onto its own old time is no overlap with itself.
    assert (
        client.patch(url, {"start": "2027-01-05T10:00:00+01:00"}, format="json").status_code == 200
    )


@pytest.mark.django_db
def test_staff_book_on_behalf_and_outside_hours(machine, member, staff, user, clock):
    data = payload(machine, berlin(2027, 1, 5, 22, 0), berlin(2027, 1, 5, 23, 0), user=member.pk)
    assert client_for(member).post(URL, {**data, "user": user.pk}, format="json").status_code == 403
    assert (
        client_for(member).post(URL, {**data, "user": member.pk}, format="json").status_code == 400
    )
    assert (
        client_for(member)
        .post(URL, {**data, "user": member.pk, "outside_hours": True}, format="json")
        .status_code
        == 403
    )
    response = client_for(staff).post(URL, {**data, "outside_hours": True}, format="json")
    assert response.status_code == 201
    booking = Booking.objects.get(pk=response.json()["id"])
    assert booking.user == member and booking.created_by == staff and booking.outside_hours


@pytest.mark.django_db
def test_staff_mark_attendance(machine, member, staff, clock):
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 4, 9, 0))
    url = f"{URL}{booking.pk}/attendance/"
    assert client_for(member).post(url, {"status": "checked_in"}).status_code == 403
    assert client_for(staff).post(url, {"status": "no_show"}).status_code == 400  # not begun
    assert client_for(staff).post(url, {"status": "checked_in"}).status_code == 200
    clock.set(berlin(2027, 1, 4, 9, 30))
    assert client_for(staff).post(url, {"status": "no_show"}).json()["status"] == "no_show"
    assert client_for(staff).post(url, {"status": "cancelled"}).status_code == 400


@pytest.mark.django_db
def test_extra_time_doubles_the_maximum_only_for_people_who_need_it(machine, member, clock, hook):
    data = payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 16, 0), extra_time=True)
    assert client_for(member).post(URL, data, format="json").json()["code"] == "too_long"
    hook("accessibility.selectors", "user_needs_more_time", lambda *, user: user == member)
    response = client_for(member).post(URL, data, format="json")
    assert response.status_code == 201
    assert response.json()["extra_time"] is True
    no_flag = payload(machine, berlin(2027, 1, 6, 10, 0), berlin(2027, 1, 6, 16, 0))
    assert client_for(member).post(URL, no_flag, format="json").json()["code"] == "too_long"


@pytest.mark.django_db
def test_booking_for_other_member_of_other_space_staff_is_refused(machine, member, clock):
    other_staff = UserFactory()
    membership_set(space=SpaceFactory(), user=other_staff, role="staff")
    data = payload(machine, berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 5, 11, 0), user=member.pk)
    assert client_for(other_staff).post(URL, data, format="json").status_code == 403
