"""Services of the customizer, on the real database and (where installed) real OpenSCAD."""

from __future__ import annotations

import pytest

from customizer import services
from customizer.models import Customization, PrintRequest, SavedVariant
from customizer.selectors import space_section
from makerhub.errors import Conflict, ServiceError
from tests.customizer.conftest import needs_openscad
from tests.customizer.factories import DesignFactory, attach
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def _request(source, values, user, callbacks):  # type: ignore[no-untyped-def]
    with callbacks(execute=True) as queued:
        customization = services.customization_request(source=source, raw_values=values, user=user)
    customization.refresh_from_db()
    return customization, queued


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("include <other.scad>\nx = 1; // [0:2]\ncube(x);", "andere Datei"),
        ("cube(10);", "keine Parameter"),
        ("x = 1; // [0:2]\n" + "// padding\n" * 30000, "größer als"),
    ],
)
def test_attach_refuses_sources_that_cannot_be_customised(design, text, message):
    with pytest.raises(ServiceError) as caught:
        services.parametric_source_attach(design=design, source=text, user=None)
    assert message in caught.value.message
    assert caught.value.field == "source"


def test_bad_values_are_refused_with_field_errors_and_nothing_is_written(source, user):
    with pytest.raises(ServiceError) as caught:
        services.customization_request(
            source=source,
            raw_values={"side": "1000", "shape": 'cube"); import("/etc/passwd', "$fn": 1},
            user=user,
        )
    errors = caught.value.extra["errors"]
    assert set(errors) == {"side", "shape", "$fn"}
    assert "60" in errors["side"][0]
    assert not Customization.objects.exists()


@needs_openscad
def test_render_validates_the_stl_and_says_which_printers_fit(
    source, user, printer, tiny_printer, django_capture_on_commit_callbacks
):
    customization, queued = _request(
        source, {"side": "20"}, user, django_capture_on_commit_callbacks
    )
    assert len(queued) == 1
    assert customization.status == Customization.Status.PRINTABLE, customization.log
    assert customization.stl.name.endswith(".stl")
    assert customization.report["verdict"] == "printable"
    assert customization.report["bbox_mm"] == pytest.approx([20, 20, 20])
    assert [fit["key"] for fit in customization.report["fits"]] == [str(printer.pk)]
    assert customization.render_seconds is not None
    assert customization.network_isolated is True
    assert customization.values == {"side": 20, "shape": "cube", "hole": False}


@needs_openscad
def test_identical_parameter_sets_render_once(source, user, django_capture_on_commit_callbacks):
    first, queued = _request(source, {"side": "12,5"}, user, django_capture_on_commit_callbacks)
    again, queued_again = _request(
        source,
        {"side": 12.5, "shape": "cube", "hole": "false"},
        user,
        django_capture_on_commit_callbacks,
    )
    assert again.pk == first.pk
    assert len(queued) == 1 and len(queued_again) == 0
    assert Customization.objects.count() == 1
    other, _ = _request(source, {"side": 13}, user, django_capture_on_commit_callbacks)
    assert other.pk != first.pk


def test_a_changed_source_renders_anew(design, user, django_capture_on_commit_callbacks):
    source = attach(design)
    first = services.customization_request(source=source, raw_values={}, user=user)
    source = attach(design, source=source.source + "\n// changed\n")
    second = services.customization_request(source=source, raw_values={}, user=user)
    assert first.key != second.key


@needs_openscad
def test_a_source_that_fails_at_render_time_is_reported_as_failed(
    design, user, django_capture_on_commit_callbacks
):
    source = attach(design, 'size = 5; // [1:10]\nassert(size < 3, "too big");\ncube(size);')
    customization, _ = _request(source, {}, user, django_capture_on_commit_callbacks)
    assert customization.status == Customization.Status.FAILED
    assert customization.failure == "error"
    assert "too big" in customization.log


def test_without_openscad_nothing_is_queued_and_the_reason_is_clear(source, user, no_openscad):
    with pytest.raises(services.RendererUnavailable) as caught:
        services.customization_request(source=source, raw_values={}, user=user)
    assert caught.value.status_code == 503
    assert "OpenSCAD" in caught.value.message
    assert not Customization.objects.exists()


@needs_openscad
def test_a_cached_render_is_served_even_without_openscad(
    source, user, django_capture_on_commit_callbacks, monkeypatch
):
    first, _ = _request(source, {}, user, django_capture_on_commit_callbacks)
    monkeypatch.setenv("MAKERHUB_OPENSCAD", "no-such-openscad-program")
    again = services.customization_request(source=source, raw_values={}, user=user)
    assert again.pk == first.pk


def test_too_many_renders_per_hour_are_refused(source, user, monkeypatch):
    monkeypatch.setattr(services, "RENDERS_PER_HOUR", 2)
    if services.render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    services.customization_request(source=source, raw_values={"side": 3}, user=user)
    services.customization_request(source=source, raw_values={"side": 4}, user=user)
    # The same values again cost nothing...
    services.customization_request(source=source, raw_values={"side": 4}, user=user)
    with pytest.raises(services.TooManyRenders):
        services.customization_request(source=source, raw_values={"side": 5}, user=user)


@needs_openscad
def test_variants_and_print_requests(
    source, user, staff, printer, space, django_capture_on_commit_callbacks
):
    customization, _ = _request(source, {"side": 30}, user, django_capture_on_commit_callbacks)
    variant = services.variant_save(
        user=user, customization=customization, name="  my cube,  30 mm ", shared=False
    )
    assert variant.name == "my cube, 30 mm"
    with pytest.raises(Conflict):
        services.variant_save(
            user=user, customization=customization, name="my cube, 30 mm", shared=True
        )
    assert SavedVariant.objects.count() == 1

    other_space = SpaceFactory()
    with pytest.raises(ServiceError) as caught:
        services.print_request_create(user=user, customization=customization, space=other_space)
    assert caught.value.field == "space"
    request = services.print_request_create(
        user=user, customization=customization, space=space, note="blue PLA", variant=variant
    )
    with pytest.raises(Conflict):
        services.print_request_create(user=user, customization=customization, space=space)
    section = space_section(space=space, user=staff)
    assert section is not None and section["requests"] == [request]
    assert space_section(space=space, user=user) is None
    with pytest.raises(ServiceError):
        services.print_request_set_status(user=user, request=request, status="done")
    services.print_request_set_status(user=staff, request=request, status="accepted")
    request.refresh_from_db()
    assert request.status == PrintRequest.Status.ACCEPTED


def test_a_pending_render_cannot_be_saved(source, user):
    if services.render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    customization = services.customization_request(source=source, raw_values={}, user=user)
    with pytest.raises(ServiceError):
        services.variant_save(user=user, customization=customization, name="x", shared=False)


def test_render_task_is_idempotent(source, user, django_capture_on_commit_callbacks):
    if services.render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    customization, _ = _request(source, {"side": 4}, user, django_capture_on_commit_callbacks)
    finished_at = customization.finished_at
    services.customization_render(customization_id=str(customization.pk))
    customization.refresh_from_db()
    assert customization.finished_at == finished_at


def test_draft_designs_are_hidden_from_strangers(space, user):
    from django.http import Http404

    from customizer.selectors import source_get

    draft = DesignFactory(space=space, status="draft", published_at=None, author=None)
    attach(draft)
    with pytest.raises(Http404):
        source_get(slug=draft.slug, user=user)
    with pytest.raises(Http404):
        source_get(slug=draft.slug, user=None)


@needs_openscad
def test_print_requests_are_mailed_to_staff_and_answers_to_the_requester(
    source, user, staff, printer, space, django_capture_on_commit_callbacks, mailoutbox
):
    customization, _ = _request(source, {"side": 8}, user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.print_request_create(
            user=user, customization=customization, space=space, note="gerne in Rot"
        )
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert "Druckauftrag" in mailoutbox[0].subject
    assert "gerne in Rot" in mailoutbox[0].body
    assert str(customization.pk) in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.print_request_set_status(user=staff, request=request, status="accepted")
    assert mailoutbox[-1].to == [user.email]
    assert "Angenommen" in mailoutbox[-1].subject


@needs_openscad
def test_deleting_a_design_takes_its_renders_and_variants_along(
    source, user, django_capture_on_commit_callbacks
):
    customization, _ = _request(source, {"side": 6}, user, django_capture_on_commit_callbacks)
    services.variant_save(user=user, customization=customization, name="mine", shared=False)
    source.design.delete()
    assert not Customization.objects.exists()
    assert not SavedVariant.objects.exists()
