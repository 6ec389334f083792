"""Writes about machines, qualifications and bookings."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.models import Qualification, QualificationGrant
from bookings.selectors import qualification_grants_valid
from makerhub.errors import PermissionDenied
from spaces.models import Role
from spaces.selectors import user_has_role


def _require_staff(*, actor: User | None, qualification: Qualification) -> None:
    if actor is None:
        return  # the system itself, e.g. an induction's attendance
    if not user_has_role(user=actor, space=qualification.space, role=Role.STAFF):
        raise PermissionDenied(
            _("Only staff of %(space)s may grant or revoke this qualification.")
            % {"space": qualification.space}
        )


@transaction.atomic
def qualification_grant(
    *,
    qualification: Qualification,
    user: User,
    granted_by: User | None,
    source: str = "",
    note: str = "",
    check_permission: bool = True,
) -> QualificationGrant:
    """Record that ``user`` holds ``qualification`` from now on (until it expires).

    ``granted_by`` must be staff of the qualification's space unless ``check_permission`` is
    False (used when attendance at an induction grants it; pass the host as granted_by)."""
    if check_permission:
        _require_staff(actor=granted_by, qualification=qualification)
    now = timezone.now()
    expires = (
        now + timedelta(days=qualification.valid_for_days) if qualification.valid_for_days else None
    )
    return QualificationGrant.objects.create(
        qualification=qualification,
        user=user,
        granted_by=granted_by,
        granted_at=now,
        expires_at=expires,
        source=source,
        note=note,
    )


@transaction.atomic
def qualification_revoke(
    *,
    qualification: Qualification,
    user: User,
    revoked_by: User | None,
    source: str | None = None,
    check_permission: bool = True,
) -> int:
    """Revoke the person's valid grants (only those from ``source`` when given).

    The rows stay, marked with who revoked them and when. Returns how many were revoked."""
    if check_permission:
        _require_staff(actor=revoked_by, qualification=qualification)
    grants = qualification_grants_valid(user=user, qualification=qualification)
    if source is not None:
        grants = grants.filter(source=source)
    return grants.update(revoked_at=timezone.now(), revoked_by=revoked_by)
