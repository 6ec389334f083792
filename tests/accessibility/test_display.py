"""Display settings and the accessibility statement with its feedback form."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accessibility.models import AccessibilityFeedback
from spaces import services as space_services
from spaces.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_display_settings_are_remembered_by_cookie(client):
    response = client.post(
        reverse("display-settings"),
        {"high_contrast": "on", "text_size": "larger", "next": "/"},
    )
    assert response.status_code == 302
    assert response.cookies["mh_contrast"].value == "1"
    assert response.cookies["mh_text_size"].value == "larger"
    page = client.get(reverse("home")).content.decode()
    assert 'class="text-larger high-contrast"' in page


def test_logged_in_display_settings_are_saved_on_the_account(client, user):
    client.force_login(user)
    client.post(reverse("display-settings"), {"text_size": "large", "easy_read": "on"})
    user.refresh_from_db()
    assert (user.high_contrast, user.text_size, user.easy_read) == (False, "large", True)
    # A fresh browser of the same person gets the account's settings, not its cookies.
    client.cookies.clear()
    client.force_login(user)
    assert "text-large easy-read" in client.get(reverse("home")).content.decode()


def test_bad_text_size_is_refused_with_a_message(client):
    response = client.post(reverse("display-settings"), {"text_size": "gigantic"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert "mh_text_size" not in response.cookies


def test_easy_read_toggle_flips_and_redirects_only_to_this_site(client):
    response = client.post(reverse("easy-read-toggle"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["mh_easy_read"].value == "1"
    response = client.post(reverse("easy-read-toggle"), {"next": "/accessibility/"})
    assert response["Location"] == "/accessibility/"
    assert response.cookies["mh_easy_read"].value == "0"


def test_every_page_links_the_statement_and_the_settings(client):
    page = client.get(reverse("home")).content.decode()
    assert reverse("accessibility-statement") in page
    assert reverse("display-settings") in page
    assert 'aria-pressed="false"' in page


def test_feedback_reaches_the_staff_stored_and_by_mail(
    client, space, django_capture_on_commit_callbacks
):
    staff = UserFactory()
    space_services.membership_set(space=space, user=staff, role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility-statement"),
            {"message": "The calendar cannot be used with a keyboard.", "page_url": "/machines/"},
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/machines/"
    assert len(mail.outbox) == 1
    assert staff.email in mail.outbox[0].to
    assert "keyboard" in mail.outbox[0].body


def test_empty_feedback_is_refused_and_keeps_the_input(client):
    response = client.post(
        reverse("accessibility-statement"), {"message": "", "name": "Alex", "email": "nope"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_message"' in body and 'value="Alex"' in body
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_form_is_rate_limited(client, settings):
    settings.MAKERHUB_RATE_LIMITS_ENABLED = True
    from django.core.cache import cache

    cache.clear()
    for _ in range(10):
        assert client.post(reverse("accessibility-statement"), {"message": "x"}).status_code == 302
    assert client.post(reverse("accessibility-statement"), {"message": "x"}).status_code == 429
    assert AccessibilityFeedback.objects.count() == 10
    cache.clear()


def test_visitor_settings_carry_over_to_the_account_at_login(client, user, password):
    client.cookies["mh_contrast"] = "1"
    client.cookies["mh_text_size"] = "large"
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.high_contrast is True and user.text_size == "large" and user.easy_read is False


def test_account_settings_win_over_cookies_at_login(client, user, password):
    user.text_size = "larger"
    user.save()
    client.cookies["mh_contrast"] = "1"
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    user.refresh_from_db()
    assert user.high_contrast is False and user.text_size == "larger"
