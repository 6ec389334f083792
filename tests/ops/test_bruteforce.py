"""Login lockouts (django-axes): by account and address together, lifting by themselves."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone


def _login(client, email, password, ip="203.0.113.5"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _fail_five_times(client, user, ip="203.0.113.5"):
    for attempt in range(5):
        response = _login(client, user.email, "wrong-password", ip)
        # the form says the password is wrong; the fifth failure pauses the account
        assert response.status_code == (429 if attempt == 4 else 200)


@pytest.mark.django_db
def test_five_failed_logins_pause_the_account_from_that_address(axes_on, client, user, password):
    _fail_five_times(client, user)
    response = _login(client, user.email, password)  # even the right password
    assert response.status_code == 429
    assert "Anmelden pausiert" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_address_so_others_are_not_locked_out(axes_on, client, user, password):
    _fail_five_times(client, user, ip="203.0.113.5")
    response = _login(client, user.email, password, ip="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_lockout_lifts_after_the_cool_off(axes_on, client, user, password):
    _fail_five_times(client, user)
    assert _login(client, user.email, password).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - axes_on.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = _login(client, user.email, password)
    assert response.status_code == 302


@pytest.mark.django_db
def test_staff_can_unlock_with_axes_reset_username(axes_on, client, user, password):
    _fail_five_times(client, user)
    assert _login(client, user.email, password).status_code == 429
    call_command("axes_reset_username", user.email)
    assert _login(client, user.email, password).status_code == 302


@pytest.mark.django_db
def test_email_case_does_not_dodge_the_lockout(axes_on, client, user, password):
    for attempt in range(5):
        email = user.email.upper() if attempt % 2 else user.email
        _login(client, email, "wrong-password")
    assert _login(client, user.email.upper(), password).status_code == 429


@pytest.mark.django_db
def test_api_token_endpoint_is_locked_out_too(axes_on, api_client, user, password):
    for attempt in range(5):
        response = api_client.post(
            "/api/v1/auth/token/",
            {"email": user.email, "password": "wrong"},
            format="json",
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code == (429 if attempt == 4 else 400)
    response = api_client.post(
        "/api/v1/auth/token/",
        {"email": user.email, "password": password},
        format="json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()
