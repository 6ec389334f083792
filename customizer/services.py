"""Every write of the customizer: attach a source, ask for a render, render, save a variant,
send a print request."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from customizer import messages, render, scad
from customizer.models import Customization, ParametricSource, PrintRequest, SavedVariant
from makerhub.errors import Conflict, PermissionDenied, ServiceError
from spaces.models import Space

log = logging.getLogger(__name__)

MAX_SOURCE_BYTES = 256 * 1024
RENDERS_PER_HOUR = 30
# A render "running" for longer than this was lost with its worker and may start again.
STALE_AFTER = timedelta(minutes=10)
RETRY_FAILURES = {"unavailable", "crashed", "timeout"}


class RendererUnavailable(ServiceError):
    status_code = 503
    default_code = "renderer_unavailable"


class TooManyRenders(ServiceError):
    status_code = 429
    default_code = "throttled"


def render_limits() -> render.Limits:
    from django.conf import settings

    return render.Limits(
        seconds=float(getattr(settings, "CUSTOMIZER_RENDER_SECONDS", 60)),
        memory_bytes=int(getattr(settings, "CUSTOMIZER_RENDER_MEMORY_MB", 2048)) * 1024**2,
    )


# --- sources ------------------------------------------------------------------------------


def parametric_source_attach(
    *, design: Any, source: str, filename: str = "model.scad", user: User | None
) -> ParametricSource:
    """Attach (or replace) the OpenSCAD source of a design. Refuses sources that read other
    files, are too large or have no parameters people could change. The caller checks that
    ``user`` may edit the design."""
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise ServiceError(
            _("The source is larger than %(size)s KB.") % {"size": MAX_SOURCE_BYTES // 1024},
            field="source",
        )
    if "\x00" in source:
        raise ServiceError(_("This is not an OpenSCAD text file."), field="source")
    parsed = scad.parse(source)
    blocking = [p for p in parsed.problems if p.code == "file_access"] or [
        p for p in parsed.problems if p.code == "no_parameters"
    ]
    if blocking:
        raise ServiceError(messages.source_problem(blocking[0]), field="source")
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    with transaction.atomic():
        attached, _created = ParametricSource.objects.select_for_update().update_or_create(
            design=design,
            defaults={
                "source": source,
                "filename": Path(filename).name[:120] or "model.scad",
                "sha256": digest,
                "uploaded_by": user,
            },
        )
    return attached


def parameters_of(source: ParametricSource) -> scad.ParameterSet:
    return scad.parse(source.source)


# --- customisations -------------------------------------------------------------------------


def customization_key(*, source: ParametricSource, values: dict[str, Any]) -> str:
    canonical = json.dumps([source.sha256, scad.canonical(values)], separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _queue(customization: Customization) -> None:
    from customizer.tasks import customization_render_task

    pk = str(customization.pk)
    transaction.on_commit(lambda: customization_render_task.delay(pk))


def customization_request(
    *, source: ParametricSource, raw_values: dict[str, Any], user: User | None
) -> Customization:
    """Check the values and return the render for them: the existing one when the same
    values were asked for before (queued again only if it failed for a passing reason),
    else a new one queued for rendering.

    Raises ``ServiceError`` with field errors (``extra["errors"]``) for bad values,
    ``RendererUnavailable`` when OpenSCAD is missing and nothing is cached,
    ``TooManyRenders`` past the hourly limit."""
    parsed = parameters_of(source)
    try:
        values = scad.clean_values(parsed, raw_values)
    except scad.ValuesInvalid as invalid:
        errors = messages.field_errors(invalid.errors)
        raise ServiceError(
            _("Please correct the marked fields."), code="invalid", extra={"errors": errors}
        ) from invalid
    key = customization_key(source=source, values=values)
    stored = {name: _json_safe(value) for name, value in values.items()}
    with transaction.atomic():
        existing = Customization.objects.select_for_update().filter(source=source, key=key).first()
        if existing is not None:
            if _should_retry(existing):
                _require_renderer()
                existing.status = Customization.Status.PENDING
                existing.failure = ""
                existing.save(update_fields=["status", "failure"])
                _queue(existing)
            return existing
        _require_renderer()
        _check_rate(user)
        try:
            with transaction.atomic():
                customization = Customization.objects.create(
                    source=source,
                    key=key,
                    values=stored,
                    created_by=user if user is not None and user.is_authenticated else None,
                )
        except IntegrityError:
            # Someone asked for the same values at the same moment: theirs is ours.
            return Customization.objects.get(source=source, key=key)
        _queue(customization)
    return customization


def _json_safe(value: Any) -> Any:
    if isinstance(value, bool | str):
        return value
    integral = value == value.to_integral_value()
    return int(value) if integral else float(value)


def _should_retry(customization: Customization) -> bool:
    if customization.status == Customization.Status.FAILED:
        return customization.failure in RETRY_FAILURES
    if customization.status == Customization.Status.RUNNING and customization.started_at:
        return timezone.now() - customization.started_at > STALE_AFTER
    return False


def _require_renderer() -> None:
    if render.openscad_path() is None:
        raise RendererUnavailable(messages.failure("unavailable"))


def _check_rate(user: User | None) -> None:
    if user is None or not user.is_authenticated:
        return
    since = timezone.now() - timedelta(hours=1)
    if Customization.objects.filter(created_by=user, created_at__gte=since).count() >= (
        RENDERS_PER_HOUR
    ):
        raise TooManyRenders(
            _("You have asked for many renders in the last hour. Please try again later.")
        )


def _work_areas() -> list[Any]:
    from designs.reports import machine_work_areas

    return list(machine_work_areas())


def customization_render(*, customization_id: str) -> Customization | None:
    """Render one customisation (called by the task). Safe to call twice: only a pending
    (or stale running) render starts."""
    with transaction.atomic():
        customization = (
            Customization.objects.select_for_update()
            .select_related("source__design")
            .filter(pk=customization_id)
            .first()
        )
        if customization is None:
            return None
        stale = customization.status == Customization.Status.RUNNING and _should_retry(
            customization
        )
        if customization.status != Customization.Status.PENDING and not stale:
            return customization
        customization.status = Customization.Status.RUNNING
        customization.started_at = timezone.now()
        customization.save(update_fields=["status", "started_at"])
    source = customization.source
    parsed = parameters_of(source)
    try:
        values = scad.clean_values(parsed, customization.values)
        defines = scad.define_arguments(parsed, values)
    except (scad.ValuesInvalid, ValueError, TypeError):
        # The source changed under a stored parameter set; never render unchecked values.
        return _finish(customization, status=Customization.Status.FAILED, failure="error")
    try:
        result = render.render_stl(source.source, defines, limits=render_limits())
    except (OSError, ValueError):
        log.exception("customizer render %s could not start", customization.pk)
        return _finish(customization, status=Customization.Status.FAILED, failure="error")
    if not result.ok:
        log.info("customizer render %s: %s", customization.pk, result.status)
        return _finish(
            customization,
            status=Customization.Status.FAILED,
            failure=result.status,
            log=result.log,
            seconds=result.seconds,
            isolated=result.network_isolated,
        )
    from designs.stl import validate_stl

    with tempfile.TemporaryDirectory(prefix="makerhub-stl-") as workdir:
        path = Path(workdir) / "result.stl"
        path.write_bytes(result.stl)
        try:
            report = validate_stl(path, work_areas=_work_areas())
        except OSError:
            return _finish(
                customization, status=Customization.Status.FAILED, failure="stl_unreadable"
            )
    report_dict = report.to_dict()
    report_dict["render_warnings"] = result.warnings
    status = {
        "printable": Customization.Status.PRINTABLE,
        "warnings": Customization.Status.WARNINGS,
    }.get(report.verdict, Customization.Status.REJECTED)
    if result.warnings and status == Customization.Status.PRINTABLE:
        status = Customization.Status.WARNINGS
    filename = f"{slugify(source.design.slug)}-{customization.key[:10]}.stl"
    preview = _preview_png(result.stl)
    return _finish(
        customization,
        status=status,
        log=result.log,
        seconds=result.seconds,
        isolated=result.network_isolated,
        report=report_dict,
        stl=ContentFile(result.stl, name=filename),
        preview=ContentFile(preview, name=filename[:-4] + ".png") if preview else None,
    )


def _preview_png(stl: bytes) -> bytes | None:
    """A PNG picture of a binary STL, drawn by the designs app's thumbnail renderer."""
    import numpy as np

    from designs.render import render_png

    dtype = np.dtype([("normal", "<f4", (3,)), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    body = stl[84:]
    if len(body) % dtype.itemsize:
        return None
    triangles = np.frombuffer(body, dtype=dtype)["v"]
    try:
        return render_png(triangles, size=320)
    except (ValueError, MemoryError):  # a picture is nice to have, never a reason to fail
        log.warning("customizer preview failed", exc_info=True)
        return None


def _finish(
    customization: Customization,
    *,
    status: str,
    failure: str = "",
    log: str = "",
    seconds: float | None = None,
    isolated: bool = False,
    report: dict | None = None,
    stl: ContentFile | None = None,
    preview: ContentFile | None = None,
) -> Customization:
    with transaction.atomic():
        locked = Customization.objects.select_for_update().get(pk=customization.pk)
        if stl is not None:
            locked.stl.save(stl.name or "result.stl", stl, save=False)
        if preview is not None:
            locked.preview.save(preview.name or "preview.png", preview, save=False)
        locked.status = status
        locked.failure = failure
        locked.log = log[-render.LOG_LIMIT :]
        locked.render_seconds = seconds
        locked.network_isolated = isolated
        locked.report = report or {}
        locked.finished_at = timezone.now()
        locked.save()
    return locked


# --- variants and print requests ------------------------------------------------------------


def variant_save(
    *, user: User, customization: Customization, name: str, shared: bool
) -> SavedVariant:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Please give your variant a name."), field="name")
    if len(name) > 120:
        raise ServiceError(_("Please use at most 120 characters."), field="name")
    if not customization.has_stl:
        raise ServiceError(_("Only a rendered design can be saved."), code="not_rendered")
    try:
        with transaction.atomic():
            return SavedVariant.objects.create(
                owner=user, customization=customization, name=name, shared=shared
            )
    except IntegrityError as exc:
        raise Conflict(_("You already have a variant with this name."), field="name") from exc


def variant_set_shared(*, user: User, variant: SavedVariant, shared: bool) -> SavedVariant:
    if variant.owner_id != user.pk:
        raise PermissionDenied(_("Only the owner can change this variant."))
    variant.shared = shared
    variant.save(update_fields=["shared"])
    return variant


def variant_delete(*, user: User, variant: SavedVariant) -> None:
    if variant.owner_id != user.pk:
        raise PermissionDenied(_("Only the owner can delete this variant."))
    variant.delete()


def fitting_spaces(customization: Customization) -> list[Space]:
    """The spaces with a printer the result fits on."""
    from bookings.models import Machine

    keys = [fit["key"] for fit in customization.report.get("fits", [])]
    ids = [int(key) for key in keys if str(key).isdigit()]
    return list(Space.objects.filter(machines__in=Machine.objects.filter(pk__in=ids)).distinct())


def print_request_create(
    *,
    user: User,
    customization: Customization,
    space: Space,
    note: str = "",
    variant: SavedVariant | None = None,
) -> PrintRequest:
    if not customization.has_stl or customization.status == Customization.Status.REJECTED:
        raise ServiceError(_("Only a printable result can be sent as a print request."))
    if space not in fitting_spaces(customization):
        raise ServiceError(
            _("%(space)s has no printer this fits on.") % {"space": space.name}, field="space"
        )
    if len(note) > 2000:
        raise ServiceError(_("Please use at most 2000 characters."), field="note")
    if variant is not None and variant.owner_id != user.pk:
        raise PermissionDenied(_("Only the owner can send this variant."))
    try:
        with transaction.atomic():
            request = PrintRequest.objects.create(
                space=space,
                requester=user,
                customization=customization,
                variant=variant,
                note=note.strip(),
            )
    except IntegrityError as exc:
        raise Conflict(
            _("You have already sent this to %(space)s.") % {"space": space.name}
        ) from exc
    from customizer.tasks import print_request_created_task

    transaction.on_commit(lambda: print_request_created_task.delay(request.pk))
    return request


def print_request_set_status(*, user: User, request: PrintRequest, status: str) -> PrintRequest:
    from spaces.selectors import user_has_role

    if not user_has_role(user=user, space=request.space, role="staff"):
        raise PermissionDenied(_("Only the space's staff can change print requests."))
    if status not in PrintRequest.Status.values:
        raise ServiceError(_("Unknown status."), field="status")
    changed = request.status != status
    request.status = status
    request.save(update_fields=["status", "updated_at"])
    if changed:
        from customizer.tasks import print_request_status_task

        transaction.on_commit(lambda: print_request_status_task.delay(request.pk))
    return request
