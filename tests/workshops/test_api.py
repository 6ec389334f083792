from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from bookings.models import Qualification
from spaces.services import membership_set
from tests.factories import SpaceFactory, UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Signup


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_list_filters_and_detail_counts(api_client, session, django_assert_max_num_queries):
    other = SessionFactory(
        workshop=WorkshopFactory(category="biolab"), start=timezone.now() + timedelta(days=20)
    )
    SessionFactory.create_batch(3, workshop=WorkshopFactory())
    with django_assert_max_num_queries(5):
        everything = api_client.get("/api/v1/workshops/")
    assert everything.status_code == 200 and everything.json()["count"] == 3
    by_space = api_client.get(f"/api/v1/workshops/?space={session.workshop.space.slug}")
    assert [w["id"] for w in by_space.json()["results"]] == [session.workshop_id]
    by_category = api_client.get("/api/v1/workshops/?category=biolab")
    assert [w["id"] for w in by_category.json()["results"]] == [other.workshop_id]
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    from_date = api_client.get(f"/api/v1/workshops/?from={later}")
    assert [w["id"] for w in from_date.json()["results"]] == [other.workshop_id]
    bad = api_client.get("/api/v1/workshops/?from=tomorrow&category=knitting")
    assert bad.status_code == 400 and {"from", "category"} <= set(bad.json()["errors"])

    services.signup_create(session_id=session.pk, user=UserFactory())
    detail = api_client.get(f"/api/v1/workshops/{session.workshop_id}/").json()
    [data] = detail["sessions"]
    assert data["id"] == session.pk and data["capacity"] == 5
    assert data["seats_left"] == 4 and data["waitlist_length"] == 0
    assert {"start", "end"} <= set(data)


@pytest.mark.django_db
def test_signup_confirmed_then_waitlisted_with_position(session):
    session.capacity = 1
    session.save()
    first = _client(UserFactory()).post(f"/api/v1/sessions/{session.pk}/signup/")
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed" and first.json()["position"] is None
    second = _client(UserFactory()).post(f"/api/v1/sessions/{session.pk}/signup/")
    assert second.status_code == 201
    assert second.json()["status"] == "waitlisted" and second.json()["position"] == 1


@pytest.mark.django_db
def test_signup_refusals_have_clear_bodies(session, member, api_client):
    assert api_client.post(f"/api/v1/sessions/{session.pk}/signup/").status_code in (401, 403)
    client = _client(member)
    assert client.post(f"/api/v1/sessions/{session.pk}/signup/").status_code == 201
    twice = client.post(f"/api/v1/sessions/{session.pk}/signup/")
    assert twice.status_code == 409 and twice.json()["code"] == "already_signed_up"
    late = SessionFactory(workshop=session.workshop, signup_deadline=timezone.now())
    after = client.post(f"/api/v1/sessions/{late.pk}/signup/")
    assert after.status_code == 400 and after.json()["code"] == "deadline_passed"
    laser = Qualification.objects.create(space=session.workshop.space, name="Laser")
    gated = SessionFactory(workshop=WorkshopFactory(requires_qualification=laser))
    induction = SessionFactory(workshop=WorkshopFactory(grants_qualification=laser))
    missing = client.post(f"/api/v1/sessions/{gated.pk}/signup/")
    assert missing.status_code == 403 and missing.json()["code"] == "qualification_missing"
    assert [i["session_id"] for i in missing.json()["inductions"]] == [induction.pk]
    consent = client.post(
        f"/api/v1/sessions/{induction.pk}/signup/", {"needs_text": "Pausen"}, format="json"
    )
    assert consent.status_code == 400 and "needs_consent" in consent.json()["errors"]


@pytest.mark.django_db
def test_cancel_own_only(session, member):
    signup = services.signup_create(session_id=session.pk, user=member)
    stranger = _client(UserFactory())
    assert stranger.post(f"/api/v1/signups/{signup.pk}/cancel/").status_code == 404
    response = _client(member).post(f"/api/v1/signups/{signup.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


@pytest.mark.django_db
def test_attendees_and_attendance_only_for_hosts_of_that_workshop_and_staff(
    space, host, staff, member, api_client
):
    now = timezone.now()
    session = SessionFactory(
        workshop=WorkshopFactory(space=space, hosts=[host]),
        start=now + timedelta(minutes=30),
        signup_deadline=now + timedelta(minutes=10),
    )
    signup = services.signup_create(
        session_id=session.pk,
        user=member,
        needs_text="Gebärdensprache",
        needs_consent=True,
    )
    other_host = UserFactory()
    membership_set(space=space, user=other_host, role="host")
    WorkshopFactory(space=space, hosts=[other_host])  # hosts another workshop here
    foreign_staff = UserFactory()
    membership_set(space=SpaceFactory(), user=foreign_staff, role="staff")

    url = f"/api/v1/sessions/{session.pk}/attendees/"
    mark = f"/api/v1/signups/{signup.pk}/attendance/"
    for outsider in (other_host, foreign_staff, member):
        assert _client(outsider).get(url).status_code == 404
        assert _client(outsider).post(mark, {"status": "present"}).status_code == 404
    assert api_client.get(url).status_code == 404
    for insider in (host, staff):
        [row] = _client(insider).get(url).json()
        assert row["name"] == member.public_name and row["needs_text"] == "Gebärdensprache"
    marked = _client(host).post(mark, {"status": "present"}, format="json")
    assert marked.status_code == 200 and marked.json()["attendance"] == "present"
    assert Signup.objects.get(pk=signup.pk).attendance_marked_by == host
    wrong = _client(staff).post(mark, {"status": "late"}, format="json")
    assert wrong.status_code == 400 and "status" in wrong.json()["errors"]


@pytest.mark.django_db
def test_host_who_left_the_space_loses_access(session, host):
    from spaces.services import membership_remove

    url = f"/api/v1/sessions/{session.pk}/attendees/"
    assert _client(host).get(url).status_code == 200
    membership_remove(space=session.workshop.space, user=host)
    assert _client(host).get(url).status_code == 404


@pytest.mark.django_db
def test_ticket_qr_svg_for_the_attendee_and_hosts_only(client, session, member, host):
    signup = services.signup_create(session_id=session.pk, user=member)
    url = f"/workshops/signups/{signup.pk}/qr.svg"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    for person in (member, host):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content
