"""Privacy: coverage of every relation to the user, export, deletion, retention, consent."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from privacy import services
from privacy.handlers import EXEMPT, HANDLERS, user_relations
from privacy.models import ConsentRecord
from spaces.models import SpaceMembership


def test_every_relation_to_the_user_has_an_export_and_erasure_handler():
    """Fails when an app adds a model holding a link to a person without telling the
    privacy app: add an entry to privacy/handlers.py."""
    missing = [
        f"{model}.{field}"
        for model, field in user_relations()
        if f"{model}.{field}" not in HANDLERS and f"{model}.{field}" not in EXEMPT
    ]
    assert missing == [], f"no privacy handler for: {missing}"


def test_handlers_point_at_real_fields():
    for handler in HANDLERS.values():
        model = handler.model_class()
        if model is None:
            continue
        relation = model._meta.get_field(handler.field)
        if handler.policy.value == "anonymise":
            assert relation.null, f"{handler.key} must be nullable to be anonymised"
        for name in (*handler.scrub, *handler.replace):
            model._meta.get_field(name)
        if handler.retain_after:
            target = model
            for step in handler.retain_after.split("__"):
                found = target._meta.get_field(step)
                target = found.related_model or target
            assert found.get_internal_type() in ("DateTimeField", "DateField")


@pytest.mark.django_db
def test_export_is_a_zip_with_all_personal_data_and_nothing_of_others(client, member, space):
    other = get_user_model().objects.create_user("other@example.org", "x-secret-pw-1")
    services.consent_record(user=member)
    client.force_login(member)
    response = client.post("/privacy/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == member.email
    assert "password" not in data["account"]
    assert [row["space"] for row in data["data"]["spaces.SpaceMembership.user"]] == [space.pk]
    assert data["data"]["privacy.ConsentRecord.user"][0]["version"] == "2026-11"
    assert other.email not in json.dumps(data)


@pytest.mark.django_db
def test_export_needs_login_and_post(client):
    assert client.post("/privacy/export/").status_code == 302
    assert client.get("/privacy/export/").status_code in (302, 405)


@pytest.mark.django_db
def test_deleting_the_account_needs_the_password(client, member, password):
    client.force_login(member)
    response = client.post("/privacy/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "Das Passwort ist falsch" in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_deleting_the_account_erases_personal_data(client, member, password):
    Token.objects.create(user=member)
    services.consent_record(user=member)
    client.force_login(member)
    response = client.post("/privacy/delete/", {"password": password, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert not SpaceMembership.objects.filter(user_id=member.pk).exists()
    assert not Token.objects.filter(user_id=member.pk).exists()
    assert not ConsentRecord.objects.filter(user_id=member.pk).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_privacy_pages_are_public_and_translated(client):
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert "Datenschutz" in page.content.decode()
    easy = client.get("/privacy/easy-read/")
    assert easy.status_code == 200
    assert "leichter Sprache" in easy.content.decode()


@pytest.mark.django_db
def test_consent_is_recorded_per_version(client, user, settings):
    services.consent_record(user=user)
    client.force_login(user)
    assert "Aktuelle Datenschutzerklärung annehmen" not in client.get("/privacy/").content.decode()
    settings.MAKERHUB_PRIVACY_VERSION = "2027-01"
    assert "Aktuelle Datenschutzerklärung annehmen" in client.get("/privacy/").content.decode()
    client.post("/privacy/consent/")
    versions = list(ConsentRecord.objects.filter(user=user).values_list("version", flat=True))
    assert versions == ["2027-01", "2026-11"]  # history kept, newest first


@pytest.mark.django_db
def test_signing_up_records_consent_to_the_current_version(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-Long-pass-42x",
            "password2": "a-Long-pass-42x",
        },
    )
    user = get_user_model().objects.get(email="new@example.org")
    assert ConsentRecord.objects.get(user=user).version == "2026-11"


@pytest.mark.django_db
def test_retention_is_idempotent_and_leaves_recent_rows(settings):
    settings.MAKERHUB_RETENTION_DAYS = 30
    first = services.retention_apply(now=timezone.now() + timedelta(days=1))
    second = services.retention_apply(now=timezone.now() + timedelta(days=1))
    assert all(count == 0 for count in second.values())
    assert set(first) == set(second)


@pytest.fixture
def history(member, space):
    from tests.bookings.factories import BookingFactory, MachineFactory
    from tests.workshops.factories import SessionFactory
    from workshops.models import Signup

    machine = MachineFactory(space=space)
    old = BookingFactory(
        machine=machine, user=member, start=timezone.now() - timedelta(days=400), note="my old note"
    )
    recent = BookingFactory(
        machine=machine, user=member, start=timezone.now() - timedelta(days=3), note="recent note"
    )
    signup = Signup.objects.create(
        session=SessionFactory(start=timezone.now() - timedelta(days=400)),
        user=member,
        status=Signup.Status.CONFIRMED,
        needs_text="I need a ramp",
        needs_consent=True,
        ticket_code="T-OLD",
    )
    # Signed up long ago for a workshop still to come: retention leaves it alone.
    upcoming = Signup.objects.create(
        session=SessionFactory(start=timezone.now() + timedelta(days=10)),
        user=member,
        status=Signup.Status.CONFIRMED,
        ticket_code="T-UP",
    )
    Signup.objects.filter(pk=upcoming.pk).update(created_at=timezone.now() - timedelta(days=400))
    return old, recent, signup


@pytest.mark.django_db
def test_deletion_keeps_bookings_and_signups_for_statistics_without_the_person(member, history):
    old, recent, signup = history
    services.account_erase(user=member)
    for booking in (old, recent):
        booking.refresh_from_db()
        assert booking.user_id is None
        assert booking.note == ""
    signup.refresh_from_db()
    assert signup.user_id is None
    assert signup.needs_text == ""


@pytest.mark.django_db
def test_retention_anonymises_only_rows_past_the_period(member, history, settings):
    from workshops.models import Signup

    old, recent, signup = history
    settings.MAKERHUB_RETENTION_DAYS = 365
    counts = services.retention_apply()
    assert counts["bookings.Booking.user"] == 1
    assert counts["workshops.Signup.user"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    signup.refresh_from_db()
    assert old.user_id is None and old.note == ""
    assert recent.user_id == member.pk and recent.note == "recent note"
    assert signup.user_id is None and signup.needs_text == ""
    assert Signup.objects.filter(user=member).count() == 1  # the upcoming one
    again = services.retention_apply()  # idempotent
    assert again["bookings.Booking.user"] == 0 and again["workshops.Signup.user"] == 0


@pytest.mark.django_db
def test_retention_also_forgets_old_guest_signups(settings):
    from tests.workshops.factories import SessionFactory
    from workshops.models import Signup

    guest = Signup.objects.create(
        session=SessionFactory(start=timezone.now() - timedelta(days=400)),
        guest_name="Guest Person",
        guest_contact="0231 123456",
        status=Signup.Status.CONFIRMED,
        ticket_code="T-GUEST",
    )
    settings.MAKERHUB_RETENTION_DAYS = 365
    services.retention_apply()
    guest.refresh_from_db()
    assert guest.guest_name == "(anonymised)" and guest.guest_contact == ""


@pytest.mark.django_db
def test_retention_task_runs_from_beat_schedule(settings):
    from privacy.tasks import retention_task

    assert settings.CELERY_BEAT_SCHEDULE["privacy-retention"]["task"] == retention_task.name
    assert isinstance(retention_task.delay().get(), dict)


@pytest.mark.django_db
def test_export_contains_bookings_and_signups(member, history):
    data = services.user_data_export(user=member)
    notes = {row["note"] for row in data["data"]["bookings.Booking.user"]}
    assert notes == {"my old note", "recent note"}
    assert data["data"]["workshops.Signup.user"][0]["needs_text"] == "I need a ramp"
