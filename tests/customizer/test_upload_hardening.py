"""Rendered customizer files are stored under random names: neither the design nor the key
that opens the result appears in the stored path; the download keeps a readable name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from customizer import services
from customizer.models import Customization
from tests.customizer.conftest import needs_openscad

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^customizer/(results|previews)/\d{4}/[0-9a-f]{32}\.(stl|png)$")


@needs_openscad
def test_rendered_files_get_random_names(client, source, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        customization = services.customization_request(
            source=source, raw_values={"side": "12"}, user=user
        )
    customization.refresh_from_db()
    assert customization.status == Customization.Status.PRINTABLE, customization.log
    assert RANDOM_NAME.match(customization.stl.name), customization.stl.name
    assert customization.key[:10] not in customization.stl.name
    assert source.design.slug not in customization.stl.name
    if customization.preview:
        assert RANDOM_NAME.match(customization.preview.name), customization.preview.name
        assert customization.key[:10] not in customization.preview.name

    client.force_login(user)
    response = client.get(reverse("customization-download", kwargs={"pk": customization.pk}))
    assert response.status_code == 200
    assert f"{source.design.slug}-{customization.key[:10]}.stl" in response["Content-Disposition"]
