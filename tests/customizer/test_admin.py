"""The customizer's admin: staff attach sources to their space's designs; refused sources
say why."""

from __future__ import annotations

import pytest

from customizer.models import ParametricSource
from tests.customizer.factories import SMALL_SOURCE, DesignFactory

pytestmark = pytest.mark.django_db


def test_staff_attach_a_source_and_see_what_cannot_be_changed(client, staff, space):
    design = DesignFactory(space=space)
    client.force_login(staff)
    response = client.post(
        "/admin/customizer/parametricsource/add/",
        {"design": design.pk, "filename": "cube.scad", "source": SMALL_SOURCE + "\nfree = 3;\n"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = ParametricSource.objects.get()
    assert source.design == design and len(source.sha256) == 64
    page = client.get(f"/admin/customizer/parametricsource/{source.pk}/change/")
    assert page.status_code == 200


def test_a_source_reading_other_files_is_refused_in_the_admin(client, staff, space):
    design = DesignFactory(space=space)
    client.force_login(staff)
    response = client.post(
        "/admin/customizer/parametricsource/add/",
        {
            "design": design.pk,
            "filename": "x.scad",
            "source": 'x = 1; // [0:2]\nimport("/etc/passwd");',
        },
    )
    assert response.status_code == 200
    assert "andere Datei" in response.content.decode()
    assert not ParametricSource.objects.exists()


def test_staff_cannot_attach_to_another_space_s_design(client, staff):
    foreign = DesignFactory()  # in a space of its own
    client.force_login(staff)
    response = client.post(
        "/admin/customizer/parametricsource/add/",
        {"design": foreign.pk, "filename": "cube.scad", "source": SMALL_SOURCE},
    )
    assert response.status_code == 200
    assert not ParametricSource.objects.exists()
