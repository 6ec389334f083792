"""Receivers for other apps' signals (connected in ``WorkshopsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from accounts.models import User


def erase_shared_needs(sender: object, *, user: User, **kwargs: Any) -> None:
    """The person withdrew consent for their needs profile: the needs they shared with the hosts
    of a sign-up are erased as well."""
    from workshops.services import signup_needs_erase

    signup_needs_erase(user=user)
