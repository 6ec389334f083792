"""Who reviewed a workshop's easy-to-read summary and when (issue #6): recorded by the people
who edit the workshop, shown with the text and in the API; a changed text is no longer
reviewed."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from makerhub.errors import ServiceError
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

EASY = "Sie lernen löten.\nDas ist leicht."
REVIEW_DAY = date(2026, 3, 12)


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def reviewed(space, host):
    workshop = WorkshopFactory(
        space=space,
        hosts=[host],
        title="Löten lernen",
        easy_summary=EASY,
        easy_read_reviewed_by="Prüfgruppe der AWO",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    SessionFactory(workshop=workshop)
    return workshop


def _form_fields(workshop: Workshop, host) -> dict:
    return {
        "title": workshop.title,
        "description": workshop.description,
        "easy_summary": workshop.easy_summary,
        "easy_read_reviewed_by": workshop.easy_read_reviewed_by,
        "easy_read_reviewed_at": (
            workshop.easy_read_reviewed_at.isoformat() if workshop.easy_read_reviewed_at else ""
        ),
        "category": workshop.category,
        "language": "de",
        "price": "0",
        "hosts": [host.pk],
    }


def test_page_shows_the_review_next_to_the_text(client, reviewed):
    client.cookies["makerhub_language"] = "de"
    page = client.get(reviewed.get_absolute_url()).content.decode()
    section = page[page.index('id="easy-heading"') :]
    assert (
        section.index("Das ist leicht.")
        < section.index("Geprüft von Prüfgruppe der AWO am 12. März 2026.")
        < section.index("</section>")
    )
    client.cookies["makerhub_language"] = "en"
    client.cookies["mh_easy_read"] = "1"
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert "Checked by Prüfgruppe der AWO on March 12, 2026." in page


def test_edit_form_records_refuses_and_clears_the_review(client, reviewed, host):
    client.force_login(host)
    url = reverse("workshop-edit", args=[reviewed.pk])
    form = client.get(url).content.decode()
    assert 'value="Prüfgruppe der AWO"' in form and 'value="2026-03-12"' in form
    fields = _form_fields(reviewed, host)

    refused = client.post(url, {**fields, "easy_read_reviewed_at": _tomorrow().isoformat()})
    assert refused.status_code == 200
    assert 'id="id_easy_read_reviewed_at_error"' in refused.content.decode()
    nameless = client.post(url, {**fields, "easy_read_reviewed_by": "", "title": "Anders"})
    assert 'id="id_easy_read_reviewed_by_error"' in nameless.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.title == "Löten lernen"
    assert reviewed.easy_read_reviewed_at == REVIEW_DAY

    # Another field changes: the review stays.
    assert client.post(url, {**fields, "price": "5.00"}).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.easy_read_reviewed_by == "Prüfgruppe der AWO"

    # The text changes, the form sends the old review back: it is cleared.
    changed = {**fields, "easy_summary": "Sie lernen löten.\nWir helfen Ihnen."}
    assert client.post(url, changed).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.easy_read_reviewed_by == "" and reviewed.easy_read_reviewed_at is None
    # German is the signed-in default here.
    assert (
        "Noch nicht von einer Prüfgruppe geprüft."
        in client.get(reviewed.get_absolute_url()).content.decode()
    )

    # The text changes again and a new review is recorded with it: kept.
    again = {
        **changed,
        "easy_summary": "Sie lernen löten.",
        "easy_read_reviewed_by": "Nutzerbeirat",
        "easy_read_reviewed_at": "2026-03-20",
    }
    assert client.post(url, again).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.easy_read_reviewed_by == "Nutzerbeirat"
    assert reviewed.easy_read_reviewed_at == date(2026, 3, 20)


def test_services_keep_the_rule(space, host):
    with pytest.raises(ServiceError) as error:
        services.workshop_create(
            actor=host,
            space=space,
            data={
                "title": "Ohne Text",
                "description": "Beschreibung.",
                "easy_read_reviewed_by": "Prüfgruppe",
                "easy_read_reviewed_at": REVIEW_DAY,
            },
        )
    assert error.value.field == "easy_read_reviewed_by"
    workshop = services.workshop_create(
        actor=host,
        space=space,
        data={
            "title": "Mit Text",
            "description": "Beschreibung.",
            "easy_summary": EASY,
            "easy_read_reviewed_by": "Prüfgruppe",
            "easy_read_reviewed_at": REVIEW_DAY,
        },
    )
    assert workshop.easy_read_reviewed_by == "Prüfgruppe"
    workshop = services.workshop_update(
        workshop_id=workshop.pk, actor=host, data={"easy_summary": "Neu."}
    )
    workshop.refresh_from_db()
    assert workshop.easy_read_reviewed_by == "" and workshop.easy_read_reviewed_at is None
    with pytest.raises(ServiceError) as error:
        services.workshop_update(
            workshop_id=workshop.pk,
            actor=host,
            data={"easy_read_reviewed_by": "Prüfgruppe", "easy_read_reviewed_at": _tomorrow()},
        )
    assert error.value.field == "easy_read_reviewed_at"
    assert Workshop.objects.get(pk=workshop.pk).easy_read_reviewed_by == ""


def test_api_shows_the_review(api_client, reviewed):
    plain = WorkshopFactory(space=reviewed.space, title="Fräsen")
    SessionFactory(workshop=plain)
    detail = api_client.get(f"/api/v1/workshops/{reviewed.pk}/").json()
    assert detail["easy_read_reviewed_by"] == "Prüfgruppe der AWO"
    assert detail["easy_read_reviewed_at"] == "2026-03-12"
    listed = {w["title"]: w for w in api_client.get("/api/v1/workshops/").json()["results"]}
    assert listed["Löten lernen"]["easy_read_reviewed_at"] == "2026-03-12"
    assert listed["Fräsen"]["easy_read_reviewed_by"] == ""
    assert listed["Fräsen"]["easy_read_reviewed_at"] is None


def test_admin_form_applies_the_same_rule(reviewed, staff):
    request = RequestFactory().get("/admin/")
    request.user = staff
    form_class = site._registry[Workshop].get_form(request, reviewed)
    data = {k: v for k, v in model_to_dict(reviewed).items() if v is not None}
    data["hosts"] = [h.pk for h in data["hosts"]]
    data["photo"] = ""
    data["easy_read_reviewed_at"] = _tomorrow().isoformat()
    form = form_class(data, instance=reviewed)
    assert not form.is_valid() and "easy_read_reviewed_at" in form.errors
    data["easy_read_reviewed_at"] = REVIEW_DAY.isoformat()
    data["easy_summary"] = "Ein neuer Text."
    form = form_class(data, instance=Workshop.objects.get(pk=reviewed.pk))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.easy_read_reviewed_by == "" and saved.easy_read_reviewed_at is None


def test_demo_workshops_claim_no_review():
    from bookings import demo as bookings_demo
    from spaces import demo as spaces_demo
    from workshops import demo as workshops_demo

    for module in (spaces_demo, bookings_demo, workshops_demo):
        module.seed(stdout=io.StringIO())
    assert Workshop.objects.exclude(easy_summary="").exists()
    assert not Workshop.objects.exclude(easy_read_reviewed_by="").exists()
    assert not Workshop.objects.filter(easy_read_reviewed_at__isnull=False).exists()
