"""Sign-up, verification, login, password reset and e-mail change through allauth's pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User


def _signup(client, email="neu@example.org", password="Werkbank-Holz-2026", **extra):
    data = {"email": email, "password1": password, "password2": password, **extra}
    return client.post("/accounts/signup/", data)


@pytest.mark.django_db
def test_signup_sends_verification_and_confirming_logs_in(client):
    response = _signup(client, display_name="Neu")
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Neu"
    assert user.preferred_language == "de"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    confirm = client.post(link.group(1))
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_signup_in_english_keeps_english(client):
    client.cookies["makerhub_language"] = "en"
    _signup(client)
    assert User.objects.get(email="neu@example.org").preferred_language == "en"


@pytest.mark.django_db
def test_signup_with_existing_email_creates_nothing(client, user):
    count = User.objects.count()
    response = _signup(client, email=user.email.upper())
    # With enumeration prevention allauth pretends success but sends a notice instead.
    assert User.objects.count() == count
    assert response.status_code in (200, 302)
    assert len(mail.outbox) == 1
    assert user.email in mail.outbox[0].to


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", "Werkbank-Holz-2026", "E-Mail-Adresse"),
        ("neu@example.org", "12345678", "Passwort"),
        ("neu@example.org", "kurz", "zu kurz"),
    ],
)
def test_signup_errors_are_clear_and_keep_input(client, email, password, message):
    response = _signup(client, email=email, password=password)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert f'value="{email}"' in html
    assert not User.objects.filter(email=email).exists()


@pytest.mark.django_db
def test_login_with_email_and_logout(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/profile/").status_code == 302


@pytest.mark.django_db
def test_login_with_wrong_password_says_so(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Passwort sind leider falsch" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_mail_and_new_password(client, user):
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    done = client.post(action, {"password1": "Neues-Passwort-77", "password2": "Neues-Passwort-77"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-77")


@pytest.mark.django_db
def test_add_email_for_change(client, user):
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "other@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="other@example.org").exists()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_signup_page_links_the_privacy_notice(client):
    html = client.get("/accounts/signup/").content.decode()
    assert 'id="privacy-consent"' in html
    assert 'href="/privacy/"' in html
