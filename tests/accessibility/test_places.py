"""Place profiles in A11yJSON: validation, plain statements with measurements, the API, the
staff import, filters and machine adaptations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accessibility import a11yjson, selectors, services
from accessibility.models import MachineAdaptation, PlaceProfile
from bookings.models import Machine
from makerhub.errors import PermissionDenied, ServiceError
from tests.browser.pages import SAMPLE_PROFILE
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def test_the_sample_profile_is_valid_and_bad_documents_are_named_by_path():
    assert a11yjson.validate(SAMPLE_PROFILE) == {}
    errors = a11yjson.validate(
        {
            "entrances": [{"stairs": {"count": -1, "stepHeight": {"value": 4}}}],
            "accessible": True,
        }
    )
    assert set(errors) == {"document", "entrances.0.stairs.count", "entrances.0.stairs.stepHeight"}


def test_statements_carry_measurements_and_unknowns_never_a_bare_badge():
    with translation.override("de"):
        sections = a11yjson.describe(SAMPLE_PROFILE)
        text = " ".join(f"{label} {statement}" for s in sections for label, statement in s.items)
        assert "1 Stufe, je 4\u00a0cm hoch" in text
        assert "90\u00a0cm" in text
        assert "von 65\u00a0cm bis 110\u00a0cm" in text
        # lighting and quiet room were not described: unknown, not "no"
        hearing = dict(
            next(s for s in sections if s.items and s.items[0][0] == "Hörschleife").items
        )
        assert hearing["Ruheraum"] == "unbekannt"
        assert "barrierefrei" not in text.lower()
        empty = a11yjson.describe({})
        assert all(s.empty or all(v == "unbekannt" for _, v in s.items) for s in empty)


def test_features_only_count_what_is_confirmed():
    assert a11yjson.has_features(SAMPLE_PROFILE, ["accessible_toilet", "roll_under_workbench"])
    assert not a11yjson.has_features(SAMPLE_PROFILE, ["step_free_entrance"])  # one 4 cm step
    assert not a11yjson.has_features({}, ["hearing_loop"])  # unknown is not yes


def test_api_returns_place_info_and_null_when_unknown(api_client, space):
    url = reverse("api:space-accessibility", kwargs={"slug": space.slug})
    body = api_client.get(url).json()
    assert body["type"] == "Feature" and body["properties"]["accessibility"] is None
    services.place_profile_import(space=space, document=SAMPLE_PROFILE, by=None)
    body = api_client.get(url).json()
    assert body["properties"]["accessibility"] == SAMPLE_PROFILE
    assert body["properties"]["name"] == space.name


def test_staff_import_whole_place_info_and_others_are_refused(api_client, space, staff, member):
    url = reverse("api:space-accessibility", kwargs={"slug": space.slug})
    place_info = {"type": "Feature", "properties": {"accessibility": SAMPLE_PROFILE}}
    assert api_client.put(url, place_info, format="json").status_code in (401, 403)
    api_client.force_authenticate(member)
    assert api_client.put(url, place_info, format="json").status_code == 403
    api_client.force_authenticate(staff)
    response = api_client.put(
        url, {"document": place_info, "source_note": "measured"}, format="json"
    )
    assert response.status_code == 200, response.json()
    profile = PlaceProfile.objects.get(space=space)
    assert profile.document == SAMPLE_PROFILE and profile.updated_by == staff
    bad = api_client.put(url, {"entrances": [{"door": {"width": "wide"}}]}, format="json")
    assert bad.status_code == 400
    assert "entrances.0.door.width" in bad.json()["document_errors"]
    assert PlaceProfile.objects.get(space=space).document == SAMPLE_PROFILE  # unchanged


def test_space_page_shows_the_profile_with_measurements(client, space):
    services.place_profile_import(space=space, document=SAMPLE_PROFILE, by=None)
    client.cookies["makerhub_language"] = "de"
    page = client.get(space.get_absolute_url()).content.decode()
    assert "Barrierefreiheit dieses Ortes" in page
    assert "1 Stufe, je 4\u00a0cm hoch" in page
    bare = SpaceFactory()
    page = client.get(bare.get_absolute_url()).content.decode()
    assert "Alles unten ist unbekannt" in page


def test_places_page_filters_spaces_by_features(client, django_assert_max_num_queries):
    with_toilet = SpaceFactory(name="Mit WC")
    services.place_profile_import(space=with_toilet, document=SAMPLE_PROFILE, by=None)
    SpaceFactory(name="Unbekannt")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("accessibility-places") + "?features=accessible_toilet")
    body = page.content.decode()
    assert "Mit WC" in body and "Unbekannt" not in body
    body = client.get(reverse("accessibility-places")).content.decode()
    assert "Mit WC" in body and "Unbekannt" in body


def test_machine_adaptations_filter_and_refuse_inverted_table_range(space, staff, member):
    laser = Machine.objects.create(space=space, name="Laser", slug="laser", kind="laser")
    printer = Machine.objects.create(space=space, name="Drucker", slug="drucker", kind="fdm")
    services.machine_adaptation_set(
        machine=printer,
        by=staff,
        seated_operation=True,
        height_adjustable_table=True,
        table_height_min_cm=65,
        table_height_max_cm=105,
    )
    services.machine_adaptation_set(machine=laser, by=staff, seated_operation=False)
    found = selectors.machines_with_adaptations(features=["seated_operation"])
    assert list(found) == [printer]
    with pytest.raises(ServiceError):
        services.machine_adaptation_set(
            machine=laser, by=staff, table_height_min_cm=100, table_height_max_cm=60
        )
    with pytest.raises(PermissionDenied):
        services.machine_adaptation_set(machine=laser, by=member, safety_guard=True)
    assert MachineAdaptation.objects.get(machine=laser).safety_guard is None  # unknown stays


def test_api_filters_spaces_by_features(api_client):
    toilet = SpaceFactory(name="Mit WC")
    services.place_profile_import(space=toilet, document=SAMPLE_PROFILE, by=None)
    SpaceFactory(name="Unbekannt")
    url = reverse("api:accessibility-spaces")
    body = api_client.get(url + "?features=accessible_toilet").json()
    assert [r["slug"] for r in body["results"]] == [toilet.slug]
    assert "roll_under_workbench" in body["results"][0]["features"]
    assert "step_free_entrance" not in body["results"][0]["features"]
    assert len(api_client.get(url).json()["results"]) == 2
    bad = api_client.get(url + "?features=teleporter")
    assert bad.status_code == 400 and "features" in bad.json()["errors"]


def test_api_machine_adaptation_read_and_staff_write(api_client, space, staff, member):
    machine = Machine.objects.create(space=space, name="Laser", slug="laser", kind="laser")
    url = reverse("api:machine-adaptation", kwargs={"pk": machine.pk})
    assert api_client.get(url).json()["seated_operation"] is None  # unknown
    api_client.force_authenticate(member)
    assert api_client.put(url, {"seated_operation": True}, format="json").status_code == 403
    api_client.force_authenticate(staff)
    response = api_client.put(
        url,
        {"seated_operation": True, "table_height_min_cm": 90, "table_height_max_cm": 70},
        format="json",
    )
    assert response.status_code == 400 and "table_height_max_cm" in response.json()["errors"]
    assert api_client.put(url, {"seated_operation": True}, format="json").status_code == 200
    assert api_client.get(url).json()["seated_operation"] is True
