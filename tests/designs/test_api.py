"""API of the design library."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from designs.models import Design, DesignFile
from tests.designs.factories import (
    fixture_upload,
    make_design,
    make_published,
    png_upload,
    stl_upload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_filters_without_account(api_client, space, member, staff):
    make_published(author=member, staff=staff, space=space, title="Cup holder",
                   category="eating_drinking", needs=["limited_grip"])  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Pen glove",
                   summary="One finger.", category="writing_communication",
                   licence="CC-BY-4.0")  # fmt: skip
    make_design(author=member, space=space, title="Draft")
    data = api_client.get("/api/v1/designs/").json()
    assert data["count"] == 2
    assert {d["title"] for d in data["results"]} == {"Cup holder", "Pen glove"}
    assert api_client.get("/api/v1/designs/?q=glove").json()["count"] == 1
    assert api_client.get("/api/v1/designs/?category=eating_drinking").json()["count"] == 1
    assert api_client.get("/api/v1/designs/?need=limited_grip").json()["count"] == 1
    assert api_client.get("/api/v1/designs/?licence=CC-BY-4.0").json()["count"] == 1
    assert api_client.get(f"/api/v1/designs/?space={space.slug}").json()["count"] == 2
    response = api_client.get("/api/v1/designs/?fits_machine=abc")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "fits_machine": ["fits_machine muss die Nummer einer Maschine sein."]
    }


def test_detail(api_client, space, member, staff):
    design = make_published(author=member, staff=staff, space=space)
    data = api_client.get(f"/api/v1/designs/{design.slug}/").json()
    assert data["slug"] == design.slug
    assert data["print_settings"]["material"] == "PLA"
    assert data["documents"] == ["user_guide"]
    assert data["versions"][0]["number"] == 1
    draft = make_design(author=member, space=space, title="Draft")
    assert api_client.get(f"/api/v1/designs/{draft.slug}/").status_code == 404


def test_create_needs_authentication_and_membership(api_client, space, member):
    body = {"space": space.slug, "title": "Phone holder", "summary": "For wheelchairs.",
            "licence": "CC-BY-SA-4.0", "needs": ["wheelchair"]}  # fmt: skip
    assert api_client.post("/api/v1/designs/", body, format="json").status_code in (401, 403)
    response = client_for(UserFactory()).post("/api/v1/designs/", body, format="json")
    assert response.status_code == 403
    response = client_for(member).post("/api/v1/designs/", body, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert response.json()["needs"] == ["wheelchair"]


def test_create_refuses_bad_input_with_field_errors(space, member, staff):
    client = client_for(member)
    response = client.post("/api/v1/designs/", {"space": space.slug, "title": "X"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"summary", "licence"}
    original = make_published(author=member, staff=staff, space=space, title="Opener")
    response = client.post(
        "/api/v1/designs/",
        {"space": space.slug, "title": "Remix", "summary": "s", "licence": "CC-BY-4.0",
         "remix_of": original.slug},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["code"] == "licence_incompatible"
    assert "licence" in response.json()["errors"]
    assert Design.objects.count() == 1


def test_file_upload_answers_202_pending_then_the_report(
    space, member, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space)
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/designs/{design.slug}/files/", {"file": stl_upload()}, format="multipart"
        )
    assert response.status_code == 202
    data = response.json()
    assert data["status"] == "pending"
    assert data["url"].endswith(f"/api/v1/design-files/{data['id']}/")
    # After the commit the (eager) task has run: the file is checked now.
    checked = client.get(f"/api/v1/design-files/{data['id']}/").json()
    assert checked["status"] == "printable"
    assert checked["report"]["volume_mm3"] == pytest.approx(8000)
    assert checked["report"]["verdict"] == "printable"


def test_file_upload_rejections(space, member, django_capture_on_commit_callbacks):
    design = make_design(author=member, space=space)
    stranger = client_for(UserFactory())
    response = stranger.post(
        f"/api/v1/designs/{design.slug}/files/", {"file": stl_upload()}, format="multipart"
    )
    assert response.status_code == 404
    client = client_for(member)
    response = client.post(
        f"/api/v1/designs/{design.slug}/files/",
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00" + bytes(300))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_type"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/designs/{design.slug}/files/",
            {"file": png_upload("a.stl")},
            format="multipart",
        )
    assert response.status_code == 202
    rejected = client.get(f"/api/v1/design-files/{response.json()['id']}/").json()
    assert rejected["status"] == "rejected"
    assert rejected["report"]["problems"][0]["code"] == "not_stl"
    assert DesignFile.objects.count() == 1


def test_file_report_is_translated(space, member, django_capture_on_commit_callbacks):
    design = make_design(author=member, space=space)
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        file_id = client.post(
            f"/api/v1/designs/{design.slug}/files/",
            {"file": fixture_upload("unit_cube.STL")},
            format="multipart",
        ).json()["id"]
    client.cookies["makerhub_language"] = "en"
    english = client.get(f"/api/v1/design-files/{file_id}/").json()
    assert "inches" in english["report"]["problems"][0]["message"]
    client.cookies["makerhub_language"] = "de"
    german = client.get(f"/api/v1/design-files/{file_id}/").json()
    assert "Zoll" in german["report"]["problems"][0]["message"]


def test_stl_validate_anonymous(api_client):
    response = api_client.post(
        "/api/v1/stl/validate/", {"file": fixture_upload("multibody.stl")}, format="multipart"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["bodies"] == 2
    assert data["verdict"] == "warnings"
    assert not DesignFile.objects.exists()
    bad = api_client.post(
        "/api/v1/stl/validate/", {"file": png_upload("x.stl")}, format="multipart"
    ).json()
    assert bad["verdict"] == "rejected"


def test_stl_validate_size_limit_for_anonymous(api_client, user, monkeypatch):
    from designs import api

    monkeypatch.setattr(api, "ANONYMOUS_STL_MAX_BYTES", 100)
    response = api_client.post("/api/v1/stl/validate/", {"file": stl_upload()}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"
    response = client_for(user).post(
        "/api/v1/stl/validate/", {"file": stl_upload()}, format="multipart"
    )
    assert response.status_code == 200


def test_stl_validate_is_throttled(api_client, settings):
    from django.conf import settings as django_settings

    cache.clear()
    settings.REST_FRAMEWORK = {
        **django_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "stl_validate": "2/hour"},
    }
    codes = [
        api_client.post(
            "/api/v1/stl/validate/", {"file": stl_upload()}, format="multipart"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    cache.clear()
