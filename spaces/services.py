"""Writes about spaces and roles."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from makerhub.errors import ServiceError
from spaces.models import Closure, OpeningHours, Role, Space, SpaceMembership


def _sync_admin_access(user: User) -> None:
    """Space staff may use the Django admin (scoped to their spaces); others may not."""
    is_staff_somewhere = user.is_superuser or user.memberships.filter(role=Role.STAFF).exists()
    if user.is_staff != is_staff_somewhere:
        user.is_staff = is_staff_somewhere
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_set(*, space: Space, user: User, role: str) -> SpaceMembership:
    """Give ``user`` the ``role`` in ``space`` (creating or changing the membership)."""
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), field="role")
    membership, _created = SpaceMembership.objects.update_or_create(
        space=space, user=user, defaults={"role": role}
    )
    _sync_admin_access(user)
    return membership


@transaction.atomic
def membership_remove(*, space: Space, user: User) -> None:
    SpaceMembership.objects.filter(space=space, user=user).delete()
    _sync_admin_access(user)


@transaction.atomic
def opening_hours_add(*, space: Space, weekday: int, opens: time, closes: time) -> OpeningHours:
    """Add an interval; refuses one that ends before it starts or overlaps another that day."""
    if not 0 <= weekday <= 6:
        raise ServiceError(_("Please choose a weekday."), field="weekday")
    if closes <= opens:
        raise ServiceError(_("The closing time must be after the opening time."), field="closes")
    Space.objects.select_for_update().filter(pk=space.pk).first()
    clash = OpeningHours.objects.filter(
        space=space, weekday=weekday, opens__lt=closes, closes__gt=opens
    ).first()
    if clash:
        raise ServiceError(
            _("This overlaps the opening hours %(hours)s on the same day.") % {"hours": clash},
            field="opens",
        )
    return OpeningHours.objects.create(space=space, weekday=weekday, opens=opens, closes=closes)


def closure_add(*, space: Space, start_date: date, end_date: date, reason: str = "") -> Closure:
    if end_date < start_date:
        raise ServiceError(_("The last day cannot be before the first day."), field="end_date")
    return Closure.objects.create(
        space=space, start_date=start_date, end_date=end_date, reason=reason.strip()
    )
