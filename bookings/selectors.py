"""Reads about machines, qualifications and bookings."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from bookings.models import Qualification, QualificationGrant


def qualification_grants_valid(*, user: User, qualification: Qualification) -> QuerySet:
    """The person's grants of this qualification that are in force now."""
    now = timezone.now()
    return QualificationGrant.objects.filter(
        user=user, qualification=qualification, revoked_at__isnull=True
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def user_holds_qualification(*, user: User | None, qualification: Qualification | None) -> bool:
    """True when no qualification is asked for, or the person holds it now."""
    if qualification is None:
        return True
    if user is None or not user.is_authenticated:
        return False
    return qualification_grants_valid(user=user, qualification=qualification).exists()
