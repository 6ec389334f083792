"""Errors that services raise and that views and the API turn into answers.

A service refuses bad input by raising a ``ServiceError`` (or a subclass) with a translated,
plain-words message. The API answers it with ``status_code`` and a JSON body
``{"code", "detail", "errors", ...extra}``; pages show ``message`` next to the form.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A rule said no. ``field`` names the input at fault, if one is; ``extra`` goes into
    the API body as it is (e.g. the workshops that grant a missing qualification)."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.field = field
        self.extra = extra or {}


class PermissionDenied(ServiceError):
    status_code = 403
    default_code = "permission_denied"


class NotFound(ServiceError):
    status_code = 404
    default_code = "not_found"


class Conflict(ServiceError):
    status_code = 409
    default_code = "conflict"
