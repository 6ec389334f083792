"""The design pages in a real browser: upload with the result appearing in place (htmx) and
the 3D viewer driven by the keyboard."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from designs import services
from designs.models import DesignFile
from tests.designs.factories import make_design, make_published, stl_upload
from tests.designs.meshes import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "url": page.base_url,
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        ]
    )


def test_upload_shows_the_check_result_without_reloading(page, space, member):
    design = make_design(author=member, space=space, title="Becherhalter")
    _login(page, member)
    page.goto(f"/designs/{design.slug}/edit/")
    page.evaluate("window.__marker = 'same page'")
    page.set_input_files("#id_file", str(FIXTURES / "unit_cube.STL"))
    page.locator("form[hx-post] button[type=submit]").click()
    result = page.locator("#upload-results .file-status")
    result.wait_for()
    page.locator("#upload-results .status-warnings").wait_for()
    assert "Zoll" in result.inner_text()  # the German message of units_tiny
    assert page.evaluate("window.__marker") == "same page"  # no reload
    assert DesignFile.objects.get().status == DesignFile.Status.WARNINGS


def test_viewer_turns_with_the_keyboard(page, space, member, staff):
    design = make_published(author=member, staff=staff, space=space, title="Becherhalter")
    services.design_file_add(design=design, user=member, upload=stl_upload())
    services.design_file_add(design=design, user=member, upload=stl_upload("big.stl", size=40))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(design.get_absolute_url())
    status = page.locator(".viewer-status")
    page.wait_for_function(
        "() => { const t = document.querySelector('.viewer-status').textContent;"
        " return t && !t.includes('geladen …'); }"
    )
    text = status.inner_text()
    assert text in ("3D-Ansicht bereit.", "Dieser Browser kann die 3D-Ansicht nicht zeigen.")
    page.focus(".viewer")
    viewer = page.locator(".viewer")
    if text == "3D-Ansicht bereit.":
        start = viewer.get_attribute("data-turn")
        page.keyboard.press("ArrowLeft")
        turned = viewer.get_attribute("data-turn")
        assert turned != start
        page.keyboard.press("ArrowUp")
        assert viewer.get_attribute("data-turn") != turned
        page.keyboard.press("0")
        assert viewer.get_attribute("data-turn") == start
        page.get_by_role("button", name="Nach rechts drehen").click()
        assert viewer.get_attribute("data-turn") != start
        # Another file of the design in the same viewer.
        page.get_by_role("button", name="In 3D zeigen cube.stl").click()
        page.wait_for_function(
            "() => document.querySelector('.viewer-status').textContent.includes('cube.stl')"
        )
        assert status.inner_text() == "Die 3D-Ansicht zeigt: cube.stl"
    assert errors == []
    # The text alternative is there for screen readers.
    # (the first file by name is shown first: big.stl)
    alternative = page.locator("#viewer-text").inner_text()
    assert "Gezeigt: big.stl." in alternative and "40 × 40 × 40 mm" in alternative
