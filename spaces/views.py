from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from makerhub.sections import collect_sections
from spaces import selectors
from spaces.models import Role, Weekday


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/home.html", {"spaces": selectors.space_list()})


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = selectors.space_get(slug=slug)
    role = selectors.user_role(user=request.user, space=space)  # type: ignore[arg-type]
    hours = list(space.opening_hours.all())
    week = [
        {"label": label, "intervals": [h for h in hours if h.weekday == value]}
        for value, label in Weekday.choices
    ]
    today = timezone.localdate()
    closures = [c for c in space.closures.all() if c.end_date >= today]
    context = {
        "space": space,
        "week": week,
        "closures": closures,
        "today_weekday": today.weekday(),
        "closures_until": today + timedelta(days=365),
        "role": role and Role(role).label,
        "joint_spaces": space.joint_spaces.all(),
        "space_sections": collect_sections("space_section", space=space, user=request.user),
    }
    return render(request, "spaces/space_detail.html", context)
