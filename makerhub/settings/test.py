"""Settings for pytest: the same parts as configured, made fast and quiet."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run queued tasks in-process so that they can assert their effects inside one test;
# tests marked ``broker`` send real messages through CELERY_BROKER_URL to a worker.
CELERY_TASK_ALWAYS_EAGER = True
MAKERHUB_TEST_BROKER_URL = CELERY_BROKER_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}  # noqa: F405
# Rate limits and login lockouts stay out of the way of ordinary tests (many logins and
# sign-ups from 127.0.0.1); tests/ops and tests/security switch them on explicitly.
AXES_ENABLED = False
MAKERHUB_RATE_LIMITS_ENABLED = False
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
