"""Core journeys with the keyboard alone: Tab to reach things, type, Enter or Space to act.
Every focus stop on the way must be visibly focused (``tab_to`` checks it)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accessibility.models import BarrierNeed, NeedsProfile
from accounts.models import User
from tests.browser.helpers import (
    assert_no_serious_violations,
    focused_matches,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.factories import SpaceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_skip_link_is_first_and_moves_focus_to_main(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert focused_matches(page, "main#main")


def test_sign_up_and_log_in_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    tab_to(page, "a[href='/accounts/signup/']")
    press_and_wait(page)

    # Password managers can fill the form: the fields say what they hold; no CAPTCHA.
    assert page.get_attribute("#id_email", "autocomplete") == "email"
    assert page.get_attribute("#id_password1", "autocomplete") == "new-password"
    assert page.locator("iframe, [class*=captcha], [id*=captcha]").count() == 0

    # First a mistake: the error summary takes focus and links to the field; input is kept.
    type_into(page, "#id_email", "kim@example.org")
    type_into(page, "#id_password1", "a-long-password-17")
    type_into(page, "#id_password2", "a-different-password")
    press_and_wait(page)
    assert focused_matches(page, "#error-summary")
    assert page.input_value("#id_email") == "kim@example.org"
    assert_no_serious_violations(page, "sign-up with errors")

    # Paste works (password managers): fill by clipboard-like insert, not only typing.
    tab_to(page, "#id_password1")
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("a-long-password-17")
    type_into(page, "#id_password2", "a-long-password-17")
    press_and_wait(page)
    assert User.objects.filter(email="kim@example.org").exists()

    # Verify the address from the e-mail, then log in.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(0).replace("http://testserver", page.base_url))
    tab_to(page, "main button[type=submit]")
    press_and_wait(page)

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    assert page.get_attribute("#id_password", "autocomplete") == "current-password"
    type_into(page, "#id_login", "kim@example.org")
    type_into(page, "#id_password", "a-long-password-17")
    press_and_wait(page)
    assert page.locator("form[action='/accounts/logout/']").count() == 1


def test_switch_easy_read_and_display_settings_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    from accessibility.services import easy_read_text_save

    easy_read_text_save(key="home", title="Was ist MakerHub?", text="MakerHub ist eine Seite.")
    page.goto("/")
    assert page.locator(".easy-read").count() == 0
    tab_to(page, ".display-tools button[aria-pressed=false]")
    press_and_wait(page)
    assert page.locator(".easy-read-text h2").inner_text() == "Was ist MakerHub?"
    assert page.locator(".display-tools button").get_attribute("aria-pressed") == "true"

    tab_to(page, ".display-tools a")
    press_and_wait(page)
    tab_to(page, "#id_high_contrast")
    page.keyboard.press("Space")
    tab_to(page, "#id_text_size_0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "main button[type=submit]")
    press_and_wait(page)
    assert "high-contrast" in (page.locator("body").get_attribute("class") or "")
    assert "text-larger" in (page.locator("body").get_attribute("class") or "")


def _log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.pages import login_cookie

    page.context.add_cookies([{"url": page.base_url, **login_cookie(user)}])


def test_submit_a_need_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    SpaceFactory(name="AWO Makerspace")
    user = UserFactory()
    _log_in(page, user)
    page.goto("/needs/")
    tab_to(page, "a[href='/needs/new/']")
    press_and_wait(page)
    type_into(page, "#id_title", "Notrufknopf erreichen")
    type_into(page, "#id_description", "Ich kann den roten Knopf auf der Toilette nicht drücken.")
    tab_to(page, "#id_shown_as_0")  # a radio group is one tab stop; arrows choose
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_shown_as_1").is_checked()  # pseudonym
    press_and_wait(page)  # submit without the pseudonym: an error, input kept
    assert focused_matches(page, "#error-summary")
    assert page.input_value("#id_title") == "Notrufknopf erreichen"
    type_into(page, "#id_pseudonym", "Knopfdrücker")
    press_and_wait(page)
    need = BarrierNeed.objects.get()
    assert need.requester_name == "Knopfdrücker"
    assert page.locator("h1").inner_text() == "Notrufknopf erreichen"


def test_needs_profile_consent_and_withdrawal_with_the_keyboard(page):  # type: ignore[no-untyped-def]
    user = UserFactory()
    _log_in(page, user)
    page.goto("/accessibility/my-needs/")
    tab_to(page, "#id_needs_1")  # more time
    page.keyboard.press("Space")
    tab_to(page, "form:has(input[value=save]) button[type=submit]")
    press_and_wait(page)  # without consent: refused
    assert focused_matches(page, "#error-summary")
    assert not NeedsProfile.objects.exists()
    assert page.locator("#id_needs_1").is_checked()
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    press_and_wait(page)
    assert NeedsProfile.objects.get(user=user).needs == ["more_time"]
    tab_to(page, "button.danger")
    press_and_wait(page)
    assert not NeedsProfile.objects.exists()
