"""Reads of the customizer, with their rules. Views and the API reach objects only here."""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from customizer.models import Customization, ParametricSource, PrintRequest, SavedVariant
from spaces.models import Space
from spaces.selectors import spaces_where_user_has_role, user_has_role


def design_visible(*, design: Any, user: User | None) -> bool:
    """Whether the person may see the design: the designs app decides where it can."""
    try:
        design_selectors: Any = import_module("designs.selectors")
    except ImportError:
        design_selectors = None
    check = getattr(design_selectors, "design_visible", None)
    if check is not None:
        return bool(check(design=design, user=user))
    published = getattr(design, "is_published", None)
    if published is None:
        status = getattr(design, "status", "published")
        published = status == "published"
    if published:
        return True
    if user is None or not user.is_authenticated:
        return False
    if getattr(design, "author_id", None) == user.pk or user.is_superuser:
        return True
    space = getattr(design, "space", None)
    return space is not None and user_has_role(user=user, space=space, role="staff")


def source_get(*, slug: str, user: User | None) -> ParametricSource:
    """The parametric source of the design with this slug, if the person may see the
    design; 404 otherwise (also when the design has no source)."""
    source = (
        ParametricSource.objects.select_related("design", "design__space")
        .filter(design__slug=slug)
        .first()
    )
    if source is None or not design_visible(design=source.design, user=user):
        raise Http404(slug)
    return source


def source_for_design(*, design: Any) -> ParametricSource | None:
    return ParametricSource.objects.filter(design=design).first()


def customization_get(*, pk: Any, user: User | None) -> Customization:
    """A render by id. Ids are random; a render is visible to whoever may see its design."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError as exc:
        raise Http404(str(pk)) from exc
    customization = (
        Customization.objects.select_related("source__design", "source__design__space")
        .filter(pk=key)
        .first()
    )
    if customization is None or not design_visible(design=customization.source.design, user=user):
        raise Http404(str(pk))
    return customization


def machine_url(machine: Any) -> str | None:
    try:
        return reverse("machine-detail", kwargs={"pk": machine.pk})
    except NoReverseMatch:
        return None


def fitting_machines(*, customization: Customization) -> list[dict[str, Any]]:
    """The printers the result fits on, each with its space and booking page (if any)."""
    from bookings.models import Machine

    ids = [
        int(fit["key"]) for fit in customization.report.get("fits", []) if str(fit["key"]).isdigit()
    ]
    machines = (
        Machine.objects.filter(pk__in=ids).select_related("space").order_by("space__name", "name")
    )
    return [{"machine": m, "space": m.space, "url": machine_url(m)} for m in machines]


def variants_for_user(*, user: User) -> QuerySet[SavedVariant]:
    return SavedVariant.objects.filter(owner=user).select_related("customization__source__design")


def variant_get(*, token: str, user: User | None) -> SavedVariant:
    """A saved variant: its owner sees it always, others only when it is shared."""
    variant = (
        SavedVariant.objects.select_related("customization__source__design", "owner")
        .filter(share_token=token)
        .first()
    )
    if variant is None:
        raise Http404(token)
    owner = user is not None and user.is_authenticated and variant.owner_id == user.pk
    if not owner and not variant.shared:
        raise Http404(token)
    return variant


def print_requests_for_space(*, space: Space, user: User | None) -> QuerySet[PrintRequest]:
    """A space's print requests, for its staff only (empty for everyone else)."""
    if not user_has_role(user=user, space=space, role="staff"):
        return PrintRequest.objects.none()
    return PrintRequest.objects.filter(space=space).select_related(
        "requester", "customization__source__design", "variant"
    )


def print_requests_for_staff(*, user: User | None) -> QuerySet[PrintRequest]:
    spaces = spaces_where_user_has_role(user=user, role="staff")
    return PrintRequest.objects.filter(space__in=spaces).select_related(
        "space", "requester", "customization__source__design", "variant"
    )


def print_request_get_for_staff(*, pk: int, user: User | None) -> PrintRequest:
    request = PrintRequest.objects.select_related("space").filter(pk=pk).first()
    if request is None or not user_has_role(user=user, space=request.space, role="staff"):
        raise Http404(str(pk))
    return request


def print_requests_of_user(*, user: User) -> QuerySet[PrintRequest]:
    return PrintRequest.objects.filter(requester=user).select_related(
        "space", "customization__source__design"
    )


def space_section(*, space: Space, user: User | None) -> dict | None:
    """The space page's section: open print requests, for the space's staff."""
    if not user_has_role(user=user, space=space, role="staff"):
        return None
    open_requests = list(
        print_requests_for_space(space=space, user=user).filter(status=PrintRequest.Status.OPEN)[
            :10
        ]
    )
    return {
        "template": "customizer/partials/space_section.html",
        "space": space,
        "requests": open_requests,
    }


def design_section(*, design: Any, user: User | None) -> dict | None:
    """For the design's page: a section inviting people to fit it when it has a source, and
    for its editors a link to attach or replace the source. The designs app includes
    ``section["template"]`` with ``section`` (as space pages do)."""
    from designs.services import can_edit

    editable = can_edit(user=user, design=design)
    source = ParametricSource.objects.filter(design=design).only("pk").first()
    if source is None and not editable:
        return None
    return {
        "template": "customizer/partials/design_section.html",
        "design": design,
        "url": reverse("design-customize", kwargs={"slug": design.slug}) if source else None,
        "edit_url": reverse("design-source-edit", kwargs={"slug": design.slug})
        if editable
        else None,
    }


def sources_visible(*, user: User | None) -> list[ParametricSource]:
    """Every design that can be fitted and that the person may see, by title."""
    sources = ParametricSource.objects.select_related("design", "design__space").order_by(
        "design__title"
    )
    return [s for s in sources if design_visible(design=s.design, user=user)]


def served_files() -> list[Any]:
    """Renders are served by this app's own views, which check the design (ops/media.py)."""
    from ops.media import ServedFile

    return [
        ServedFile("customizer.Customization", "stl", own_view="customization-download"),
        ServedFile("customizer.Customization", "preview", own_view="customization-preview"),
    ]
