"""The customizer's pages: the form, the result, variants and print requests."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from customizer.models import Customization, PrintRequest, SavedVariant
from tests.customizer.conftest import needs_openscad
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _form_url(source):  # type: ignore[no-untyped-def]
    return reverse("design-customize", kwargs={"slug": source.design.slug})


def test_the_form_labels_every_measurement_with_unit_range_and_help(client, source):
    response = client.get(_form_url(source))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<label for="param-side">Seite <span class="unit">(in mm)</span></label>' in html
    described = re.search(r'id="param-side"[^>]*aria-describedby="([^"]+)"', html, re.S)
    assert described is not None
    for part in described.group(1).split():
        assert f'id="{part}"' in html
    assert "Von 2 mm bis 60 mm, in Schritten von 0,5 mm." in html
    assert "Messen Sie mit einem Lineal." in html
    assert '<option value="ball">Kugel</option>' in html
    assert 'type="checkbox" id="param-hole"' in html
    assert "<legend>Größe</legend>" in html
    assert "Anmelden" in html or "Melden Sie sich" in html or "Log in" in html  # anonymous


def test_the_form_says_when_openscad_is_missing(client, user, source, no_openscad):
    client.force_login(user)
    html = client.get(_form_url(source)).content.decode()
    assert "OpenSCAD" in html
    assert "disabled" in html
    response = client.post(_form_url(source), {"side": "12"})
    assert response.status_code == 503
    assert "OpenSCAD ist auf diesem Server nicht installiert" in response.content.decode()
    assert not Customization.objects.exists()


def test_bad_values_come_back_with_a_linked_error_summary(client, user, source):
    client.force_login(user)
    response = client.post(_form_url(source), {"side": "100", "shape": "cube", "hole": "false"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#param-side">Seite: Bitte geben Sie höchstens 60 ein.</a>' in html
    assert 'aria-invalid="true"' in html
    assert 'value="100"' in html  # the input is kept
    assert 'id="param-side-error"' in html
    assert not Customization.objects.exists()


def test_anonymous_post_goes_to_login(client, source):
    response = client.post(_form_url(source), {"side": "12"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@needs_openscad
def test_fit_save_share_and_send_in_the_browser_flow(
    client, user, source, printer, staff, space, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_form_url(source), {"side": "30,5", "shape": "cube", "hole": "true"})
    assert response.status_code == 302
    customization = Customization.objects.get()
    assert response["Location"] == customization.get_absolute_url()

    page = client.get(customization.get_absolute_url()).content.decode()
    assert "Druckbar" in page
    assert "30,5 mm" in page
    assert reverse("customization-download", kwargs={"pk": customization.pk}) in page
    assert f'href="/machines/{printer.pk}/"' in page  # book a printer it fits on
    assert "Big printer" in page

    response = client.post(
        reverse("variant-create", kwargs={"pk": customization.pk}),
        {"name": "Mein Würfel, 30,5 mm"},
    )
    variant = SavedVariant.objects.get()
    assert response["Location"] == variant.get_absolute_url()
    assert not variant.shared
    client.logout()
    assert client.get(variant.get_absolute_url()).status_code == 404
    client.force_login(user)
    client.post(reverse("variant-share", kwargs={"token": variant.share_token}), {"shared": "on"})
    client.logout()
    shared = client.get(variant.get_absolute_url())
    assert shared.status_code == 200
    assert "Mein Würfel, 30,5 mm" in shared.content.decode()

    client.force_login(user)
    client.post(
        reverse("print-request-create", kwargs={"pk": customization.pk}),
        {"space": space.slug, "note": "in Blau"},
    )
    assert PrintRequest.objects.get().note == "in Blau"
    client.force_login(staff)
    listing = client.get(reverse("print-request-list")).content.decode()
    assert "in Blau" in listing
    from django.template.loader import render_to_string

    from customizer.selectors import space_section

    section = space_section(space=space, user=staff)
    assert section is not None
    html = render_to_string(section["template"], {"section": section})
    assert "Offene Druckaufträge" in html
    assert "in Blau" not in html and "Design" in html


def test_status_polling_answers_204_until_the_status_changes(client, user, source):
    from customizer import services

    if services.render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    customization = services.customization_request(source=source, raw_values={}, user=user)
    url = reverse("customization-status", kwargs={"pk": customization.pk})
    assert client.get(url, {"shown": "pending"}).status_code == 204
    services.customization_render(customization_id=str(customization.pk))
    done = client.get(url, {"shown": "pending"})
    assert done.status_code == 200
    assert "hx-trigger" not in done.content.decode()


def test_print_requests_are_for_staff_only(client, user):
    client.force_login(user)
    assert client.get(reverse("print-request-list")).status_code == 404


def test_design_section_links_to_the_form_only_with_a_source(source, space):
    from django.template.loader import render_to_string

    from customizer.selectors import design_section
    from tests.customizer.factories import DesignFactory

    assert design_section(design=DesignFactory(space=space), user=None) is None
    section = design_section(design=source.design, user=None)
    assert section is not None
    html = render_to_string(section["template"], {"section": section})
    assert f'href="/designs/{source.design.slug}/customize/"' in html


def test_the_author_uploads_the_source_and_sees_what_people_can_change(client, space, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from customizer.models import ParametricSource
    from tests.customizer.factories import SMALL_SOURCE, DesignFactory

    design = DesignFactory(space=space, author=user, status="draft", published_at=None)
    url = reverse("design-source-edit", kwargs={"slug": design.slug})
    client.force_login(user)
    bad = client.post(
        url, {"file": SimpleUploadedFile("x.scad", b"x = 1; // [0:2]\ninclude </etc/passwd>")}
    )
    assert bad.status_code == 400
    assert "andere Datei" in bad.content.decode()
    assert not ParametricSource.objects.exists()
    good = client.post(
        url, {"file": SimpleUploadedFile("cube.scad", (SMALL_SOURCE + "\nn = 2;").encode())}
    )
    assert good.status_code == 302
    page = client.get(url).content.decode()
    assert "Seite" in page and "<code>side</code>" in page
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_change_the_measurements_starts_from_the_previous_values(client, user, source):
    from customizer import services

    if services.render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    previous = services.customization_request(
        source=source, raw_values={"side": "12.5", "shape": "ball", "hole": True}, user=user
    )
    html = client.get(_form_url(source), {"from": str(previous.pk)}).content.decode()
    assert 'name="side" value="12,5"' in html
    assert '<option value="ball" selected>Kugel</option>' in html
    assert 'id="param-hole" name="hole" value="true" checked' in html
    assert client.get(_form_url(source), {"from": "not-a-uuid"}).status_code == 200


def test_the_list_of_fittable_designs(client, source, space, django_assert_max_num_queries):
    from tests.customizer.factories import DesignFactory, attach

    for _ in range(5):
        attach(DesignFactory(space=space))
    attach(DesignFactory(space=space, status="draft", published_at=None, title="Secret draft"))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("customizable-design-list"))
    html = response.content.decode()
    assert html.count('class="card"') == 6
    assert "Secret draft" not in html
    assert f'href="/designs/{source.design.slug}/customize/"' in html
    assert "Seite, Form, Loch" in html


def test_the_design_page_shows_the_customizer_section(client, source):
    html = client.get(source.design.get_absolute_url()).content.decode()
    assert 'id="customize-heading"' in html
    assert f'href="/designs/{source.design.slug}/customize/"' in html
