"""Reads of the privacy app."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from privacy.models import ConsentRecord


def consent_current(*, user: Any) -> ConsentRecord | None:
    """The person's latest decision about the privacy notice, if any."""
    return (
        ConsentRecord.objects.filter(user=user, document=ConsentRecord.Document.PRIVACY)
        .order_by("-at", "-pk")
        .first()
    )


def consent_needed(*, user: Any) -> bool:
    """True when the person has not accepted the current version of the privacy notice."""
    latest = consent_current(user=user)
    return not (
        latest
        and latest.action == ConsentRecord.Action.ACCEPTED
        and latest.version == settings.MAKERHUB_PRIVACY_VERSION
    )
