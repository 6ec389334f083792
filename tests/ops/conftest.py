import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def limits_on(settings):
    settings.MAKERHUB_RATE_LIMITS_ENABLED = True
    return settings


@pytest.fixture
def axes_on(settings, db):
    settings.AXES_ENABLED = True
    return settings
