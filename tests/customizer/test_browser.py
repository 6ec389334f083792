"""The cup-holder journey in a real browser, by keyboard only: fit it, get the result with
its report and preview, and find the printer to book. axe-core finds no serious problems."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from bookings.models import Machine
from customizer.models import Customization
from tests.customizer.conftest import needs_openscad
from tests.customizer.factories import DEMO, DesignFactory, attach
from tests.factories import SpaceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_openscad]

FOCUSED_ID = "() => document.activeElement ? document.activeElement.id : ''"


def _serious_axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results
        if v.get("impact") in ("serious", "critical")
    ]


def _tab_to(page: Any, element_id: str, presses: int = 60) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_ID) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def _log_in(page: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}]
    )


def test_fit_the_cup_holder_by_keyboard(page):
    space = SpaceFactory(name="AWO Makerspace", slug="awo")
    printer = Machine.objects.create(
        space=space,
        name="Prusa MK4",
        slug="mk4",
        kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=250,
        work_y_mm=210,
        work_z_mm=220,
    )
    design = DesignFactory(space=space, title="Becherhalter", slug="becherhalter")
    attach(design, (DEMO / "cup-holder.scad").read_text())
    _log_in(page, UserFactory())

    page.goto("/designs/becherhalter/customize/")
    assert _serious_axe_violations(page) == []

    # A value out of range: the error summary gets focus and links to the field.
    _tab_to(page, "param-cup_diameter")
    page.keyboard.press("Control+A")
    page.keyboard.type("120")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "error-summary"
    assert "Bitte geben Sie höchstens 100 ein." in page.inner_text("#error-summary")
    assert page.get_attribute("#param-cup_diameter", "aria-invalid") == "true"
    assert _serious_axe_violations(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "param-cup_diameter"

    # Their own cup: 82 mm, with a German decimal comma for the grip.
    page.keyboard.press("Control+A")
    page.keyboard.type("82")
    _tab_to(page, "param-grip_diameter")
    page.keyboard.press("Control+A")
    page.keyboard.type("34")
    with page.expect_navigation(timeout=60_000):
        page.keyboard.press("Enter")

    result = page.locator("#customizer-result")
    assert result.get_attribute("aria-live") == "polite"
    result.locator("[data-status=printable], [data-status=warnings]").wait_for(timeout=60_000)
    text = result.inner_text()
    assert "82 mm" in text
    assert "Prusa MK4" in text
    customization = Customization.objects.get()
    assert customization.values["cup_diameter"] == 82
    book = page.get_by_role("link", name="Prusa MK4 dafür buchen")
    assert book.get_attribute("href") == f"/machines/{printer.pk}/"
    assert page.get_by_role("link", name="STL-Datei herunterladen").count() == 1
    assert page.locator("img[alt]").first.get_attribute("alt")
    assert _serious_axe_violations(page) == []
