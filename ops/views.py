"""Pages and responses of the operations app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: too many failed logins for this account from this address.

    Temporary by design: the lock lifts by itself after ``AXES_COOLOFF_TIME``; staff can
    lift it earlier with ``manage.py axes_reset_username <e-mail>``."""
    minutes = _cool_off_minutes()
    message = _(
        "Too many failed login attempts. For your safety, logging in is paused for "
        "%(minutes)d minutes. You can reset your password in the meantime."
    ) % {"minutes": minutes}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "detail": message, "errors": {}}, status=429)
    else:
        response = render(request, "ops/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
