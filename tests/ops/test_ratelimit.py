"""Rate limits on sign-up, password reset, uploads and the API, in the shared cache."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from ops.net import client_ip
from ops.ratelimit import rate_parse


@pytest.mark.django_db
def test_signup_is_limited_per_address(settings, client):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for n in range(2):
        data = {
            "email": f"new{n}@example.org",
            "password1": "a-Long-pass-42x",
            "password2": "a-Long-pass-42x",
        }
        assert client.post("/accounts/signup/", data).status_code == 302
    data = {
        "email": "new9@example.org",
        "password1": "a-Long-pass-42x",
        "password2": "a-Long-pass-42x",
    }
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 429
    from accounts.models import User

    assert not User.objects.filter(email="new9@example.org").exists()


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(settings, client, user, mailoutbox):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/ip"}
    for _ in range(2):
        assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 429
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_uploads_are_limited_per_user_before_the_view_runs(limits_on, client, user):
    limits_on.MAKERHUB_RATE_LIMITS = {
        "uploads": {"rate": "2/h", "multipart": True, "methods": ["POST"]}
    }
    client.force_login(user)
    statuses = [
        client.post("/profile/", {"file": SimpleUploadedFile("a.stl", b"solid x")}).status_code
        for _ in range(3)
    ]
    assert statuses[:2] != [429, 429]
    assert statuses[2] == 429


@pytest.mark.django_db
def test_api_limit_answers_429_in_the_api_error_shape_with_retry_after(limits_on, api_client):
    limits_on.MAKERHUB_RATE_LIMITS = {"api": {"rate": "3/m", "match": ["api:"]}}
    for _ in range(3):
        assert api_client.get("/api/v1/spaces/").status_code == 200
    response = api_client.get("/api/v1/spaces/")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.mark.django_db
def test_each_requester_has_its_own_counter(limits_on, client, api_client, user):
    limits_on.MAKERHUB_RATE_LIMITS = {"api": {"rate": "1/m", "match": ["api:"]}}
    assert api_client.get("/api/v1/spaces/", REMOTE_ADDR="203.0.113.1").status_code == 200
    assert api_client.get("/api/v1/spaces/", REMOTE_ADDR="203.0.113.1").status_code == 429
    assert api_client.get("/api/v1/spaces/", REMOTE_ADDR="203.0.113.2").status_code == 200
    client.force_login(user)
    assert client.get("/api/v1/spaces/", REMOTE_ADDR="203.0.113.1").status_code == 200


@pytest.mark.django_db
def test_pages_outside_the_rules_are_not_limited(limits_on, client):
    limits_on.MAKERHUB_RATE_LIMITS = {"api": {"rate": "1/m", "match": ["api:"]}}
    assert all(client.get("/").status_code == 200 for _ in range(5))


@pytest.mark.django_db
def test_a_limited_page_answers_with_a_translated_page(limits_on, client):
    limits_on.MAKERHUB_RATE_LIMITS = {"home": {"rate": "1/m", "match": ["home"]}}
    client.get("/")
    response = client.get("/")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()


def test_rate_parse():
    assert (rate_parse("30/h").limit, rate_parse("30/h").period) == (30, 3600)
    assert rate_parse("5/15m").period == 900
    with pytest.raises(ValueError):
        rate_parse("lots")


def test_forwarded_for_is_believed_only_behind_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    settings.MAKERHUB_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.MAKERHUB_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the address our proxy saw, not a spoofed one
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-ip"
    assert client_ip(request) == "0.0.0.0"  # noqa: S104


@pytest.mark.django_db
def test_stl_check_endpoint_is_limited_by_the_default_rule(limits_on, api_client, user):
    from django.conf import settings as django_settings

    rule = dict(django_settings.MAKERHUB_RATE_LIMITS["stl-check"], rate="2/h")
    limits_on.MAKERHUB_RATE_LIMITS = {"stl-check": rule}
    api_client.force_authenticate(user)
    statuses = [
        api_client.post(
            "/api/v1/stl/validate/",
            {"file": SimpleUploadedFile("a.stl", b"solid a\nendsolid a\n")},
            format="multipart",
        ).status_code
        for _ in range(3)
    ]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
