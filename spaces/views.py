from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from spaces import selectors
from spaces.models import Role, Space, Weekday


def _space_sections(request: HttpRequest, space: Space) -> list[dict]:
    """Sections other apps add to a space's page. An app opts in by defining
    ``<app>.selectors.space_section(*, space, user) -> dict | None`` whose dict holds a
    ``template`` to include and the context that template needs (as ``section``)."""
    sections = []
    for app in settings.MAKERHUB_APPS:
        try:
            module = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "space_section", None)
        if provider is not None:
            section = provider(space=space, user=request.user)
            if section:
                sections.append(section)
    return sections


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
        "space_sections": _space_sections(request, space),
    }
    return render(request, "spaces/space_detail.html", context)
