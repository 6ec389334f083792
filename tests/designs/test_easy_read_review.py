"""Who reviewed a design's easy-to-read description and when (issue #6): recorded by its
editors on the page, in the API and in the admin; a changed text is no longer reviewed."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from designs import services
from designs.models import Design
from makerhub.errors import ServiceError
from tests.designs.factories import make_design, make_published

pytestmark = pytest.mark.django_db

EASY = "Das ist ein Halter.\nEr hält einen Becher."
REVIEW_DAY = date(2026, 3, 12)


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def test_create_records_the_review_and_refuses_bad_ones(space, member):
    design = make_design(
        author=member,
        space=space,
        easy_read_description=EASY,
        easy_read_reviewed_by="  Prüfgruppe der AWO-Werkstatt ",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    design.refresh_from_db()
    assert design.easy_read_reviewed_by == "Prüfgruppe der AWO-Werkstatt"
    assert design.easy_read_reviewed_at == REVIEW_DAY

    refusals = [
        ({"easy_read_reviewed_by": "Prüfgruppe", "easy_read_reviewed_at": _tomorrow()},
         "easy_read_reviewed_at"),
        ({"easy_read_reviewed_by": "Prüfgruppe"}, "easy_read_reviewed_at"),
        ({"easy_read_reviewed_at": REVIEW_DAY}, "easy_read_reviewed_by"),
    ]  # fmt: skip
    for review, field in refusals:
        with pytest.raises(ServiceError) as error:
            make_design(author=member, space=space, easy_read_description=EASY, **review)
        assert error.value.field == field, review
    # A review of no text at all.
    with pytest.raises(ServiceError) as error:
        make_design(
            author=member,
            space=space,
            easy_read_reviewed_by="Prüfgruppe",
            easy_read_reviewed_at=REVIEW_DAY,
        )
    assert error.value.field == "easy_read_reviewed_by"
    assert Design.objects.count() == 1


def test_a_changed_text_is_no_longer_reviewed(space, member):
    design = make_design(
        author=member,
        space=space,
        easy_read_description=EASY,
        easy_read_reviewed_by="Prüfgruppe",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    # Other fields change, the text and review are sent back as they are: the review stays.
    design = services.design_update(
        design=design,
        user=member,
        title="Becherhalter",
        easy_read_description=EASY,
        easy_read_reviewed_by="Prüfgruppe",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    assert (design.easy_read_reviewed_by, design.easy_read_reviewed_at) == (
        "Prüfgruppe",
        REVIEW_DAY,
    )
    # The text changes, the review is not touched (API style) or sent back unchanged (form
    # style): either way the review is cleared.
    design = services.design_update(
        design=design, user=member, easy_read_description=EASY + "\nEr ist rot."
    )
    assert design.easy_read_reviewed_by == "" and design.easy_read_reviewed_at is None
    design = services.design_update(
        design=design,
        user=member,
        easy_read_reviewed_by="Prüfgruppe",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    design = services.design_update(
        design=design,
        user=member,
        easy_read_description="Ganz neu.",
        easy_read_reviewed_by="Prüfgruppe",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    design.refresh_from_db()
    assert design.easy_read_reviewed_by == "" and design.easy_read_reviewed_at is None
    # The text changes and the same edit records a new review: kept.
    design = services.design_update(
        design=design,
        user=member,
        easy_read_description="Noch einmal neu.",
        easy_read_reviewed_by="Nutzerbeirat",
        easy_read_reviewed_at=REVIEW_DAY + timedelta(days=1),
    )
    design.refresh_from_db()
    assert design.easy_read_reviewed_by == "Nutzerbeirat"
    assert design.easy_read_reviewed_at == REVIEW_DAY + timedelta(days=1)
    # A refused edit writes nothing.
    with pytest.raises(ServiceError) as error:
        services.design_update(
            design=design, user=member, title="Anders", easy_read_reviewed_at=_tomorrow()
        )
    assert error.value.field == "easy_read_reviewed_at"
    design.refresh_from_db()
    assert design.title != "Anders" and design.easy_read_reviewed_by == "Nutzerbeirat"


def test_edit_page_clears_the_review_when_the_text_changes(client, space, member, staff):
    design = make_published(
        author=member,
        staff=staff,
        space=space,
        title="Becherhalter",
        easy_read_description=EASY,
        easy_read_reviewed_by="Prüfgruppe der AWO",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    client.cookies["makerhub_language"] = "en"
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Checked by Prüfgruppe der AWO on March 12, 2026." in page
    section = page[page.index('id="easy-heading"') :]
    assert (
        section.index("Er hält einen Becher.")
        < section.index("Checked by")
        < section.index("</section>")
    )

    client.force_login(member)
    url = reverse("design-edit", kwargs={"slug": design.slug})
    form = client.get(url).content.decode()
    assert 'value="Prüfgruppe der AWO"' in form and 'value="2026-03-12"' in form
    fields = {
        "title": design.title,
        "summary": design.summary,
        "easy_read_description": EASY,
        "easy_read_reviewed_by": "Prüfgruppe der AWO",
        "easy_read_reviewed_at": "2026-03-12",
        "category": design.category,
        "licence": design.licence,
    }
    refused = client.post(url, {**fields, "easy_read_reviewed_at": _tomorrow().isoformat()})
    assert refused.status_code == 200
    assert 'id="id_easy_read_reviewed_at_error"' in refused.content.decode()
    saved = client.post(url, {**fields, "easy_read_description": "Das ist ein roter Halter."})
    assert saved.status_code == 302
    design.refresh_from_db()
    assert design.easy_read_reviewed_by == "" and design.easy_read_reviewed_at is None
    client.logout()
    client.cookies["makerhub_language"] = "de"
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Noch nicht von einer Prüfgruppe geprüft." in page
    client.cookies["makerhub_language"] = "en"
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Not yet checked by a review group." in page


def test_german_page_names_reviewer_and_date(client, space, member, staff):
    design = make_published(
        author=member,
        staff=staff,
        space=space,
        easy_read_description=EASY,
        easy_read_reviewed_by="Nutzerbeirat",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    client.cookies["makerhub_language"] = "de"
    client.cookies["mh_easy_read"] = "1"  # the text comes first, the review with it
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Geprüft von Nutzerbeirat am 12. März 2026." in page
    # No easy-to-read text, no review line.
    plain = make_published(author=member, staff=staff, space=space, title="Ohne")
    assert "geprüft" not in client.get(plain.get_absolute_url()).content.decode().lower()


def test_api_takes_and_shows_the_review(space, member):
    api = APIClient()
    api.force_authenticate(member)
    body = {
        "space": space.slug,
        "title": "Becherhalter",
        "summary": "Ein Ring mit Griff.",
        "licence": "CC-BY-SA-4.0",
        "easy_read_description": EASY,
        "easy_read_reviewed_by": "Prüfgruppe",
        "easy_read_reviewed_at": "2026-03-12",
    }
    response = api.post("/api/v1/designs/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["easy_read_reviewed_by"] == "Prüfgruppe"
    assert data["easy_read_reviewed_at"] == "2026-03-12"

    future = api.post(
        "/api/v1/designs/",
        {**body, "easy_read_reviewed_at": _tomorrow().isoformat()},
        format="json",
    )
    assert future.status_code == 400
    assert list(future.json()["errors"]) == ["easy_read_reviewed_at"]
    not_a_date = api.post(
        "/api/v1/designs/", {**body, "easy_read_reviewed_at": "gestern"}, format="json"
    )
    assert not_a_date.status_code == 400
    assert "easy_read_reviewed_at" in not_a_date.json()["errors"]
    unreviewed = api.post(
        "/api/v1/designs/",
        {k: v for k, v in body.items() if not k.startswith("easy_read_reviewed")},
        format="json",
    )
    assert unreviewed.status_code == 201
    assert unreviewed.json()["easy_read_reviewed_by"] == ""
    assert unreviewed.json()["easy_read_reviewed_at"] is None
    assert Design.objects.count() == 2


def test_admin_form_applies_the_same_rule(space, member, staff):
    design = make_design(
        author=member,
        space=space,
        easy_read_description=EASY,
        easy_read_reviewed_by="Prüfgruppe",
        easy_read_reviewed_at=REVIEW_DAY,
    )
    request = RequestFactory().get("/admin/")
    request.user = staff
    form_class = site._registry[Design].get_form(request, design)
    fields = list(site._registry[Design].get_fields(request, design))
    text_at = fields.index("easy_read_description")  # the review stands right after the text
    assert fields[text_at + 1 : text_at + 3] == ["easy_read_reviewed_by", "easy_read_reviewed_at"]
    data = {k: v for k, v in model_to_dict(design).items() if v is not None}
    data["easy_read_reviewed_at"] = _tomorrow().isoformat()
    form = form_class(data, instance=design)
    assert not form.is_valid()
    assert "easy_read_reviewed_at" in form.errors

    data["easy_read_reviewed_at"] = REVIEW_DAY.isoformat()
    data["easy_read_description"] = "Ein neuer Text."
    form = form_class(data, instance=Design.objects.get(pk=design.pk))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.easy_read_reviewed_by == "" and saved.easy_read_reviewed_at is None


def test_demo_designs_claim_no_review(django_capture_on_commit_callbacks):
    from designs import demo
    from spaces import demo as spaces_demo

    spaces_demo.seed(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    with_text = Design.objects.exclude(easy_read_description="")
    assert with_text.exists()
    assert not Design.objects.exclude(easy_read_reviewed_by="").exists()
    assert not Design.objects.filter(easy_read_reviewed_at__isnull=False).exists()
