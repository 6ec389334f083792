"""The customizer's API: parameters as JSON Schema, asking for a render, reading it."""

from __future__ import annotations

import pytest

from customizer.models import Customization
from tests.customizer.conftest import needs_openscad
from tests.customizer.factories import DesignFactory, attach

pytestmark = pytest.mark.django_db


def test_parameters_are_a_json_schema_object(api_client, source):
    response = api_client.get(f"/api/v1/designs/{source.design.slug}/parameters/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["type"] == "object"
    side = schema["properties"]["side"]
    assert side["type"] == "number"
    assert side["title"] == "Seite"  # German by default
    assert side["description"].startswith("Länge einer Seite")
    assert (side["default"], side["minimum"], side["maximum"], side["multipleOf"]) == (
        10,
        2,
        60,
        0.5,
    )
    shape = schema["properties"]["shape"]
    assert shape["enum"] == ["cube", "ball"]
    assert shape["x-enum-labels"] == ["Würfel", "Kugel"]
    assert schema["properties"]["hole"]["type"] == "boolean"
    assert "fn" not in str(list(schema["properties"]))

    english = api_client.get(f"/api/v1/designs/{source.design.slug}/parameters/?lang=en").json()
    assert english["properties"]["side"]["title"] == "Side"
    assert english["properties"]["shape"]["x-enum-labels"] == ["Cube", "Ball"]


def test_parameters_of_unknown_or_hidden_designs_are_404(api_client, space):
    assert api_client.get("/api/v1/designs/no-such-design/parameters/").status_code == 404
    plain = DesignFactory(space=space)  # no source
    assert api_client.get(f"/api/v1/designs/{plain.slug}/parameters/").status_code == 404
    draft = DesignFactory(space=space, status="draft", published_at=None)
    attach(draft)
    assert api_client.get(f"/api/v1/designs/{draft.slug}/parameters/").status_code == 404


def test_customize_needs_an_account(api_client, source):
    response = api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/", {"side": 12}, format="json"
    )
    assert response.status_code in (401, 403)
    assert not Customization.objects.exists()


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"side": 61}, {"side"}),
        ({"side": 10.25}, {"side"}),
        ({"side": "NaN"}, {"side"}),
        ({"side": '1);import("/etc/passwd")'}, {"side"}),
        ({"shape": "pyramid"}, {"shape"}),
        ({"hole": "maybe"}, {"hole"}),
        ({"colour": "red", "side": 1}, {"colour", "side"}),
    ],
)
def test_customize_answers_400_with_field_errors(auth_api_client, source, payload, fields):
    response = auth_api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/", payload, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == fields
    assert all(isinstance(m, str) and m for ms in body["errors"].values() for m in ms)
    assert not Customization.objects.exists()


def test_customize_refuses_a_body_that_is_not_an_object(auth_api_client, source):
    response = auth_api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/", [1, 2], format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "Bitte schicken Sie die Werte als JSON-Objekt."
    ]


@needs_openscad
def test_customize_answers_202_pending_then_the_render_is_readable(
    auth_api_client, source, printer
):
    response = auth_api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/",
        {"side": 22.5, "shape": "ball"},
        format="json",
    )
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "url", "status"}
    assert body["status"] == "pending"
    assert body["url"].endswith(f"/api/v1/customizations/{body['id']}/")

    pending = auth_api_client.get(body["url"]).json()
    assert pending["status"] == "pending"
    assert "download_url" not in pending

    # The queued task runs (as a worker would) and the render is readable.
    from customizer import services

    services.customization_render(customization_id=body["id"])
    done = auth_api_client.get(body["url"]).json()
    assert done["status"] == "printable"
    assert done["report"]["verdict"] == "printable"
    assert done["report"]["bbox_mm"] == pytest.approx([22.5, 22.5, 22.5], abs=0.2)
    assert done["fits"][0]["machine"] == "Big printer"
    assert done["values"] == {"side": 22.5, "shape": "ball", "hole": False}
    download = auth_api_client.get(done["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    stl = b"".join(download.streaming_content)
    assert len(stl) > 84
    preview = auth_api_client.get(done["preview_url"])
    assert preview.status_code == 200
    assert b"".join(preview.streaming_content).startswith(b"\x89PNG")

    # Asking again for the same values gives the same render, finished: 200.
    again = auth_api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/",
        {"shape": "ball", "side": "22.50"},
        format="json",
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]


def test_customize_without_openscad_answers_503(auth_api_client, source, no_openscad):
    response = auth_api_client.post(
        f"/api/v1/designs/{source.design.slug}/customize/", {}, format="json"
    )
    assert response.status_code == 503
    assert "OpenSCAD" in response.json()["detail"]
    schema = auth_api_client.get(f"/api/v1/designs/{source.design.slug}/parameters/").json()
    assert schema["x-renderer-available"] is False


def test_unknown_customization_is_404(api_client):
    assert (
        api_client.get("/api/v1/customizations/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )
