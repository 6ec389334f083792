import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from spaces.services import membership_set
from tests.factories import SpaceFactory, UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Session, Signup, Workshop


@pytest.mark.django_db
def test_list_page_filters_with_bounded_queries(client, django_assert_max_num_queries):
    step_free = WorkshopFactory(title="Stufenlos bauen", step_free=True)
    SessionFactory(workshop=step_free)
    for _ in range(6):
        SessionFactory(workshop=WorkshopFactory())
    with django_assert_max_num_queries(8):
        page = client.get(reverse("workshop-list"))
    assert page.status_code == 200 and page.content.decode().count('class="card"') == 7
    filtered = client.get(reverse("workshop-list"), {"accessibility": "step_free"})
    assert filtered.content.decode().count('class="card"') == 1
    per_space = client.get(reverse("space-workshop-list", args=[step_free.space.slug]))
    assert "Stufenlos bauen" in per_space.content.decode()


@pytest.mark.django_db
def test_detail_signup_and_my_workshops_with_qr(client, session, member):
    page = client.get(session.workshop.get_absolute_url())
    assert page.status_code == 200 and "5" in page.content.decode()
    client.force_login(member)
    response = client.post(
        reverse("workshop-signup", args=[session.pk]),
        {"needs_text": "Bitte langsam sprechen", "needs_consent": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("my-workshops")
    html = response.content.decode()
    signup = Signup.objects.get(session=session, user=member)
    assert signup.needs_text == "Bitte langsam sprechen"
    assert 'src="data:image/svg+xml' in html and signup.ticket_code in html
    again = client.post(reverse("workshop-signup", args=[session.pk]), follow=True)
    assert "bereits" in again.content.decode()  # German: already signed up


@pytest.mark.django_db
def test_space_page_shows_upcoming_workshops_and_public_ics_feed(client, session):
    space = session.workshop.space
    page = client.get(reverse("space-detail", args=[space.slug]))
    assert session.workshop.title in page.content.decode()
    feed = client.get(reverse("space-workshops-ics", args=[space.slug]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [session.workshop.title]


@pytest.mark.django_db
def test_csv_export_opens_in_german_excel(client, session, host):
    services.signup_add_by_host(
        session_id=session.pk, actor=host, name="Jürgen Größe-Äßmann", contact="0231; 12 34"
    )
    member = UserFactory(display_name="Özlem Müller")
    services.signup_create(
        session_id=session.pk,
        user=member,
        needs_text="Rollstuhl, stufenlos",
        needs_consent=True,
    )
    client.force_login(host)
    response = client.get(reverse("workshop-session-csv", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Name" and len(rows[0]) == 7
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Jürgen Größe-Äßmann"][1] == "0231; 12 34"  # quoted, not split
    assert by_name["Özlem Müller"][6] == "Rollstuhl, stufenlos"
    assert by_name["Özlem Müller"][2] == "Bestätigt"


@pytest.mark.django_db
def test_host_pages_are_404_for_other_hosts(client, session, space):
    other_host = UserFactory()
    membership_set(space=space, user=other_host, role="host")
    client.force_login(other_host)
    for name in (
        "workshop-session-attendees",
        "workshop-session-attendance",
        "workshop-session-csv",
        "workshop-session-message",
        "workshop-session-edit",
        "workshop-session-cancel",
    ):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404, name
    assert client.get(reverse("workshop-edit", args=[session.workshop_id])).status_code == 404


@pytest.mark.django_db
def test_attendance_page_by_code_and_htmx_marking(client, host, workshop, member):
    now = timezone.now()
    session = SessionFactory(
        workshop=workshop, start=now + timedelta(minutes=20), signup_deadline=now
    )
    signup = Signup.objects.create(
        session=session, user=member, status="confirmed", ticket_code="KQ7M3XPA"
    )
    other = Signup.objects.create(
        session=session, guest_name="Walk-in Wanda", status="confirmed", ticket_code="ABCD2345"
    )
    client.force_login(host)
    url = reverse("workshop-session-attendance", args=[session.pk])
    page = client.get(url, {"q": "wanda"})
    html = page.content.decode()
    assert "Walk-in Wanda" in html and member.public_name not in html
    wrong = client.post(url, {"code": "NOPE1234"})
    assert "NOPE1234" in wrong.content.decode()
    client.post(url, {"code": "kq7m-3xpa"})
    assert Signup.objects.get(pk=signup.pk).attendance == "present"
    row = client.post(
        reverse("workshop-signup-attendance", args=[other.pk]),
        {"status": "excused"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200 and 'aria-pressed="true"' in row.content.decode()
    assert Signup.objects.get(pk=other.pk).attendance == "excused"


@pytest.mark.django_db
def test_host_creates_workshop_and_series_in_the_site(client, space, host):
    client.force_login(host)
    response = client.post(
        reverse("workshop-create", args=[space.slug]),
        {
            "title": "Strandkorb aus Restholz",
            "description": "Wir bauen Strandkörbe.",
            "category": "upcycling",
            "language": "de",
            "price": "5.00",
            "step_free": "on",
        },
    )
    workshop = Workshop.objects.get(title="Strandkorb aus Restholz")
    assert response.status_code == 302 and list(workshop.hosts.all()) == [host]
    first = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("workshop-session-create", args=[workshop.pk]),
        {
            "first_date": first.isoformat(),
            "start_time": "17:00",
            "end_time": "20:00",
            "room": "Halle",
            "capacity": "6",
            "deadline_hours": "24",
            "repeat": "weekly",
            "count": "4",
        },
    )
    assert response.status_code == 302
    assert Session.objects.filter(workshop=workshop).count() == 4
    bad = client.post(
        reverse("workshop-session-create", args=[workshop.pk]),
        {
            "first_date": first.isoformat(),
            "start_time": "20:00",
            "end_time": "17:00",
            "capacity": "6",
            "deadline_hours": "24",
            "repeat": "none",
            "count": "1",
        },
    )
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert Session.objects.filter(workshop=workshop).count() == 4
    member = UserFactory()
    client.force_login(member)
    refused = client.get(reverse("workshop-create", args=[space.slug]))
    assert refused.status_code == 404


@pytest.mark.django_db
def test_cancel_session_page_and_message_to_all(
    client, session, host, django_capture_on_commit_callbacks
):
    people = [UserFactory() for _ in range(2)]
    for person in people:
        services.signup_create(session_id=session.pk, user=person)
    client.force_login(host)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workshop-session-message", args=[session.pk]),
            {"subject": "Bitte Schutzbrille", "body": "Bringt eine Schutzbrille mit."},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.reply_to == [host.email] for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshop-session-cancel", args=[session.pk]), {"reason": "Sturm"})
    assert Session.objects.get(pk=session.pk).is_cancelled
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_stats_per_workshop_and_space(client, host, staff, workshop):
    now = timezone.now()
    past = SessionFactory(
        workshop=workshop,
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=2),
        signup_deadline=now - timedelta(days=3),
    )
    for i, mark in enumerate(["present", "present", "absent", "excused", ""]):
        Signup.objects.create(
            session=past,
            guest_name=f"P{i}",
            status="confirmed",
            ticket_code=f"STAT{i}AAA",
            attendance=mark,
        )
    client.force_login(host)
    page = client.get(reverse("workshop-stats", args=[workshop.pk])).content.decode()
    assert "50 %" in page and "25 %" in page  # attendance 2/4, no-show 1/4
    assert (
        client.get(reverse("workshop-space-stats", args=[workshop.space.slug])).status_code == 404
    )
    client.force_login(staff)
    space_page = client.get(reverse("workshop-space-stats", args=[workshop.space.slug]))
    assert space_page.status_code == 200 and workshop.title in space_page.content.decode()
    assert (
        client.get(reverse("workshop-space-stats", args=[SpaceFactory().slug])).status_code == 404
    )


def _png():
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = _io.BytesIO()
    Image.new("RGB", (4, 3), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile("chair.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_photo_needs_alt_text(client, workshop, host):
    client.force_login(host)
    url = reverse("workshop-edit", args=[workshop.pk])
    fields = {
        "title": workshop.title,
        "description": workshop.description,
        "category": workshop.category,
        "language": "de",
        "price": "0",
        "hosts": [host.pk],
    }
    refused = client.post(url, {**fields, "photo": _png()})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    workshop.refresh_from_db()
    assert not workshop.photo
    saved = client.post(
        url, {**fields, "photo": _png(), "photo_alt": "Ein halbfertiger Strandkorb"}
    )
    assert saved.status_code == 302
    workshop.refresh_from_db()
    assert workshop.photo and workshop.photo_alt == "Ein halbfertiger Strandkorb"
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert 'alt="Ein halbfertiger Strandkorb"' in page


@pytest.mark.django_db
def test_photo_is_reencoded_without_exif_under_a_random_name_and_shown(client, workshop, host):
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Anna at 51.51N 7.46E"  # Artist, with a location
    buffer = _io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="JPEG", exif=exif)
    photo = SimpleUploadedFile("Anna Strandkorb.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.force_login(host)
    saved = client.post(
        reverse("workshop-edit", args=[workshop.pk]),
        {
            "title": workshop.title,
            "description": workshop.description,
            "category": workshop.category,
            "language": "de",
            "price": "0",
            "hosts": [host.pk],
            "photo": photo,
            "photo_alt": "Ein Strandkorb",
        },
    )
    assert saved.status_code == 302
    workshop.refresh_from_db()
    assert workshop.photo.name.startswith("workshops/") and "Anna" not in workshop.photo.name
    client.logout()
    served = client.get(workshop.photo.url)  # public, like the workshop page
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    body = b"".join(served.streaming_content)
    assert b"Anna" not in body
    with Image.open(_io.BytesIO(body)) as image:
        assert not image.getexif()


@pytest.mark.django_db
def test_a_file_that_is_no_image_is_refused_as_photo(workshop, host):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from makerhub.errors import ServiceError
    from workshops import services

    fake = SimpleUploadedFile("chair.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(ServiceError) as error:
        services.workshop_update(
            workshop_id=workshop.pk, actor=host, data={"photo": fake, "photo_alt": "Stuhl"}
        )
    assert error.value.field == "photo"
    workshop.refresh_from_db()
    assert not workshop.photo
