"""Record consent to the privacy notice when someone signs up (allauth's signal)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from privacy import services


@receiver(user_signed_up)
def _consent_on_signup(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.consent_record(user=user)
