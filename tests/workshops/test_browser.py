"""The workshop pages in a real browser: axe scans and the host's attendance journey."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_serious_violations
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Signup


def _login(page, user):
    page.goto(page.base_url + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_workshop_pages_pass_axe_and_host_marks_attendance_on_a_phone(page, space, host):
    now = timezone.now()
    workshop = WorkshopFactory(
        space=space, hosts=[host], title="Pilze züchten", step_free=True, easy_summary="Kurz."
    )
    session = SessionFactory(
        workshop=workshop,
        start=now + timedelta(minutes=30),
        signup_deadline=now + timedelta(minutes=5),
    )
    later = SessionFactory(workshop=workshop)
    people = [UserFactory(display_name=name) for name in ("Özlem", "Jürgen", "Renate")]
    for person in people:
        services.signup_create(session_id=session.pk, user=person)
    services.signup_create(
        session_id=later.pk, user=people[0], needs_text="Pausen", needs_consent=True
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + workshop.get_absolute_url())
    assert_no_serious_violations(page, "workshop page")

    _login(page, host)
    for name, pk in (
        ("workshop-session-attendees", later.pk),
        ("workshop-session-create", workshop.pk),
        ("workshop-edit", workshop.pk),
        ("workshop-manage", None),
    ):
        page.goto(page.base_url + reverse(name, args=[pk] if pk else []))
        assert_no_serious_violations(page, name)

    page.goto(page.base_url + reverse("workshop-session-attendance", args=[session.pk]))
    assert_no_serious_violations(page, "attendance")
    page.fill("#attendance-search", "jürg")
    expect(page.locator(".ws-attendance-row")).to_have_count(1)
    expect(page.locator("#attendance-status")).to_have_text("1 Person angezeigt")
    button = page.get_by_role("button", name="Anwesend – Jürgen")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#attendance-list [aria-pressed=true]")).to_have_count(1)
    # The row is replaced, but focus stays on the button and the result is announced.
    pk = Signup.objects.get(session=session, user=people[1]).pk
    expect(page.locator(f"#mark-{pk}-present")).to_be_focused()
    expect(page.locator("#attendance-status")).to_have_text("Jürgen: Anwesend")
    assert Signup.objects.get(session=session, user=people[1]).attendance == "present"
