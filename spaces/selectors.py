"""Reads about spaces and roles. Views and other apps reach spaces only through these."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
from spaces.hours import Interval, open_intervals
from spaces.models import ROLE_RANK, Closure, OpeningHours, Role, Space, SpaceMembership


def space_list() -> QuerySet[Space]:
    return Space.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        "run_by",
    ).order_by("name")


def space_get(*, slug: str) -> Space:
    """The space with this slug, with its hours and upcoming closures; 404 if there is none."""
    try:
        return space_list().prefetch_related("closures").get(slug=slug)
    except Space.DoesNotExist as exc:
        raise Http404(slug) from exc


def user_role(*, user: User | None, space: Space) -> str | None:
    """The person's role in the space, or None. Superusers count as staff everywhere."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.STAFF
    membership = SpaceMembership.objects.filter(user=user, space=space).only("role").first()
    return membership.role if membership else None


def user_has_role(*, user: User | None, space: Space, role: str) -> bool:
    """Whether the person holds ``role`` or a higher one in the space."""
    held = user_role(user=user, space=space)
    return held is not None and ROLE_RANK[Role(held)] >= ROLE_RANK[Role(role)]


def spaces_where_user_has_role(*, user: User | None, role: str) -> QuerySet[Space]:
    """The spaces in which the person holds ``role`` or a higher one."""
    if user is None or not user.is_authenticated:
        return Space.objects.none()
    if user.is_superuser:
        return Space.objects.all()
    roles = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role(role)]]
    return Space.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def space_open_intervals(*, space: Space, start: datetime, end: datetime) -> list[Interval]:
    """When the space is open in [start, end): its weekly hours minus closures, DST-correct.

    Two queries; uses prefetched ``opening_hours``/``closures`` when they are there."""
    weekly = [(h.weekday, h.opens, h.closes) for h in space.opening_hours.all()]
    zone = space.zone
    closures = Closure.objects.filter(
        space=space,
        end_date__gte=start.astimezone(zone).date(),
        start_date__lte=end.astimezone(zone).date(),
    ).values_list("start_date", "end_date")
    return open_intervals(
        weekly=weekly, closed_days=list(closures), zone=zone, start=start, end=end
    )
