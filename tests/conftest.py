"""Fixtures for every test. The database is the real one configured (SQLite by default,
PostgreSQL when DATABASE_URL says so): no mocks of it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import testcases
from rest_framework.test import APIClient

from spaces import services as space_services
from spaces.models import Role
from tests.factories import DEFAULT_PASSWORD, SpaceFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server

# Django's live server serves MEDIA_ROOT straight from disk; the real site never does
# (uploads only through the permission-checked view, ops/media.py). Browser tests take that
# same path.
testcases._MediaFilesHandler._should_handle = lambda self, path: False  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def space(db):  # type: ignore[no-untyped-def]
    return SpaceFactory()


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    return UserFactory()


def _with_role(space, role):  # type: ignore[no-untyped-def]
    person = UserFactory()
    space_services.membership_set(space=space, user=person, role=role)
    return person


@pytest.fixture
def member(space):  # type: ignore[no-untyped-def]
    return _with_role(space, Role.MEMBER)


@pytest.fixture
def host(space):  # type: ignore[no-untyped-def]
    return _with_role(space, Role.HOST)


@pytest.fixture
def staff(space):  # type: ignore[no-untyped-def]
    return _with_role(space, Role.STAFF)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def auth_api_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def postgres_only() -> None:
    """Use in tests that need PostgreSQL; they skip on SQLite, saying why."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); this run uses SQLite")


# --- browser ------------------------------------------------------------------------------

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Debian chromium for the whole run, driven by Playwright."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (`make test` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser tab (own cookies) with ``page.base_url`` set to the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


def pytest_report_header(config) -> str:  # type: ignore[no-untyped-def]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("@")[-1] if settings.CELERY_BROKER_URL else "none"
    return f"makerhub: database={engine} broker={broker}"
