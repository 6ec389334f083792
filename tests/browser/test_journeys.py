"""Keyboard-only journeys through the other apps' features: book a machine, cancel a booking,
sign up for a workshop, find and download a design, and the need board's path to a design.
A journey skips, saying why, when the feature it needs is not there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from spaces import services as space_services
from spaces.models import Role
from tests.browser.helpers import (
    assert_no_serious_violations,
    press_and_wait,
    tab_to,
    type_date,
    type_into,
    type_time,
)
from tests.browser.pages import login_cookie
from tests.factories import SpaceFactory, UserFactory, open_every_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(name: str, **kwargs: object) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        pytest.skip(f"the page {name!r} does not exist yet")


def _log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"url": page.base_url, **login_cookie(user)}])


def _member(space):  # type: ignore[no-untyped-def]
    person = UserFactory(display_name="Alex")
    space_services.membership_set(space=space, user=person, role=Role.MEMBER)
    return person


def test_book_a_machine_and_cancel_the_booking_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    try:
        from bookings.models import Booking
        from tests.bookings.factories import MachineFactory
    except ImportError:
        pytest.skip("bookings are not built yet")
    space = open_every_day(SpaceFactory())
    machine = MachineFactory(space=space, name="Prusa MK4", slug="prusa-mk4")
    member = _member(space)
    _log_in(page, member)
    page.goto(_url("machine-list"))
    tab_to(page, f"a[href='{_url('machine-detail', pk=machine.pk)}']", max_presses=120)
    press_and_wait(page)
    day = timezone.localdate() + timedelta(days=2)
    type_date(page, "#id_book-day", day)
    type_time(page, "#id_book-start_time", 10)
    with page.expect_response(lambda response: "/estimate/" in response.url):
        type_time(page, "#id_book-end_time", 11)
    # the price estimate (htmx, aria-live) updates without taking focus from the field
    page.wait_for_function(
        "() => !document.querySelector('#price-estimate').classList.contains('htmx-request')"
    )
    assert page.get_attribute("#price-estimate", "aria-live") == "polite"
    assert page.evaluate("() => document.activeElement.id") == "id_book-end_time"
    tab_to(page, "section:has(#book-heading) form button[type=submit]")
    press_and_wait(page)
    booking = Booking.objects.filter(user=member, machine=machine).first()
    assert booking is not None, page.locator(".error-summary, .messages").all_inner_texts()
    assert_no_serious_violations(page, "after booking")

    page.goto(_url("my-bookings"))
    tab_to(page, f"form[action='{_url('booking-cancel', pk=booking.pk)}'] button", max_presses=120)
    press_and_wait(page)
    booking.refresh_from_db()
    if booking.cancelled_at is None and page.locator("main form button[type=submit]").count():
        # a confirmation page: confirm with the keyboard too
        tab_to(page, "main form button[type=submit]")
        press_and_wait(page)
        booking.refresh_from_db()
    assert booking.cancelled_at is not None


def test_sign_up_for_a_workshop_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    try:
        from tests.workshops.factories import SessionFactory, WorkshopFactory
        from workshops.models import Signup
    except ImportError:
        pytest.skip("workshops are not built yet")
    space = SpaceFactory()
    workshop = WorkshopFactory(space=space, title="Becherhalter drucken")
    SessionFactory(workshop=workshop)
    member = _member(space)
    _log_in(page, member)
    page.goto(_url("workshop-list"))
    tab_to(page, f"main a[href='{_url('workshop-detail', pk=workshop.pk)}']", max_presses=120)
    press_and_wait(page)
    tab_to(page, "#signup-form button[type=submit]", max_presses=120)
    press_and_wait(page)
    assert Signup.objects.filter(user=member).exists(), page.locator(
        ".error-summary, .messages"
    ).all_inner_texts()
    assert_no_serious_violations(page, "after signing up")


def test_find_and_download_a_design_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    try:
        from designs import services as design_services
        from tests.designs.factories import make_published, stl_upload
    except ImportError:
        pytest.skip("the design library is not built yet")
    space = SpaceFactory()
    author = _member(space)
    staff = UserFactory()
    space_services.membership_set(space=space, user=staff, role=Role.STAFF)
    design = make_published(author=author, staff=staff, space=space, title="Becherhalter")
    design_services.design_file_add(design=design, user=author, upload=stl_upload("halter.stl"))
    make_published(author=author, staff=staff, space=space, title="Stiftverdicker")
    page.goto(_url("design-list"))
    type_into(page, "#id_q", "Becherhalter")
    press_and_wait(page)
    assert page.locator("main").get_by_text("Stiftverdicker").count() == 0
    tab_to(page, f"main a[href='{design.get_absolute_url()}']", max_presses=120)
    press_and_wait(page)
    tab_to(page, "a[download][href*='/download/']", max_presses=150)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename.endswith(".stl")


def test_need_board_from_a_need_to_a_design_in_the_browser(page):  # type: ignore[no-untyped-def]
    """Requester and maker in turn: the prototype upload uses the file chooser (no keyboard
    typing can fill it), everything else is keyboard."""
    from accessibility.models import BarrierNeed
    from tests.accessibility.factories import stl_bytes

    space = SpaceFactory(name="AWO Makerspace")
    requester = _member(space)
    maker = UserFactory(display_name="Sam")
    space_services.membership_set(space=space, user=maker, role=Role.HOST)
    _log_in(page, requester)
    page.goto(_url("need-create"))
    type_into(page, "#id_title", "Notrufknopf erreichen")
    type_into(page, "#id_description", "Der rote Knopf ist zu klein für meine Hand.")
    tab_to(page, "#id_space")
    page.keyboard.press("ArrowDown")
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page)
    need = BarrierNeed.objects.get()
    assert need.space == space

    page.context.clear_cookies()
    _log_in(page, maker)
    page.goto(need.get_absolute_url())
    tab_to(page, f"form[action='{_url('need-take-on', pk=need.pk)}'] button", max_presses=120)
    press_and_wait(page)
    page.set_input_files(
        "#id_file",
        files=[{"name": "adapter.stl", "mimeType": "model/stl", "buffer": stl_bytes()}],
    )
    type_into(page, "#id_description", "Aufsatz mit großer Fläche")
    press_and_wait(page)
    need.refresh_from_db()
    assert need.status == "prototyping" and need.prototypes.count() == 1
    for status in ("testing", "solved"):  # each time the first next step is offered first
        tab_to(page, "#id_status", max_presses=150)
        assert page.locator("#id_status").input_value() == status
        tab_to(page, f"form[action='{_url('need-status', pk=need.pk)}'] button", max_presses=20)
        press_and_wait(page)
    need.refresh_from_db()
    assert need.status == "solved"
    tab_to(page, f"form[action='{_url('need-design', pk=need.pk)}'] button", max_presses=150)
    press_and_wait(page)
    need.refresh_from_db()
    assert need.status == "published" and need.design is not None
    assert_no_serious_violations(page, "the new draft design")
