"""Booking in a real browser, with the keyboard only: machine page, form, my bookings,
the staff day plan; axe scans on each page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from tests.bookings.factories import MachineFactory
from tests.browser.helpers import assert_no_serious_violations, tab_to
from tests.factories import DEFAULT_PASSWORD, open_every_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto(page.base_url + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()


def test_book_by_keyboard_then_cancel_and_staff_plan(page, space, member, staff):
    open_every_day(space)
    machine = MachineFactory(space=space, name="Prusa MK4", buffer_minutes=15)
    tomorrow = timezone.localdate() + timedelta(days=1)

    page.goto(page.base_url + reverse("machine-list"))
    assert_no_serious_violations(page, "machine list")
    _login(page, member)
    page.goto(page.base_url + machine.get_absolute_url())
    assert_no_serious_violations(page, "machine page")

    # Reach each field with Tab; date and time widgets differ per locale, so set the value.
    for field, value in (
        ("#id_book-day", tomorrow.isoformat()),
        ("#id_book-start_time", "10:00"),
        ("#id_book-end_time", "11:30"),
    ):
        tab_to(page, field)
        page.fill(field, value)
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    assert "90" in page.inner_text("#price-estimate")  # the estimate follows the times
    tab_to(page, "#book-submit")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("my-bookings"))
    booking = Booking.objects.get()
    assert booking.user == member and booking.duration_minutes == 90
    assert_no_serious_violations(page, "my bookings")

    tab_to(page, "main table button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED

    page.context.clear_cookies()
    _login(page, staff)
    page.goto(page.base_url + reverse("booking-day-plan", kwargs={"slug": space.slug}))
    assert_no_serious_violations(page, "day plan")
