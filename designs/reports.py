"""The Django side of ``designs.stl``: translated problem messages and the machines to fit.

``designs.stl`` stays free of Django; it returns message codes and parameters, and this
module turns them into text in the active language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from designs import stl


def problem_message(code: str, params: dict[str, Any]) -> str:
    """The problem's message in the active language."""
    template = stl.MESSAGES.get(code)
    if template is None:
        return code
    translated_params = dict(params)
    if code == "not_stl" and "kind" in params:
        translated_params["kind"] = gettext(params["kind"])
    return gettext(template[1]) % translated_params


def report_localized(report: dict[str, Any]) -> dict[str, Any]:
    """A stored report (``STLReport.to_dict()``) with its messages in the active language."""
    data = dict(report)
    data["problems"] = [
        {**problem, "message": problem_message(problem["code"], problem.get("params", {}))}
        for problem in report.get("problems", [])
    ]
    return data


def machine_work_areas() -> list[stl.WorkArea]:
    """Build volumes of every 3D printer in every space, for ``validate_stl(work_areas=...)``."""
    from bookings.models import Machine

    printers = Machine.objects.filter(
        kind__in=[Machine.Kind.FDM_PRINTER, Machine.Kind.RESIN_PRINTER],
        work_x_mm__isnull=False,
        work_y_mm__isnull=False,
        work_z_mm__isnull=False,
    ).select_related("space")
    return [
        stl.WorkArea(
            key=str(machine.pk),
            name=f"{machine.name} ({machine.space.name})",
            x_mm=float(machine.work_x_mm or 0),
            y_mm=float(machine.work_y_mm or 0),
            z_mm=float(machine.work_z_mm or 0),
        )
        for machine in printers
    ]


def limits() -> dict[str, int]:
    return {
        "max_bytes": getattr(settings, "DESIGNS_STL_MAX_BYTES", stl.DEFAULT_MAX_BYTES),
        "max_triangles": getattr(settings, "DESIGNS_STL_MAX_TRIANGLES", stl.DEFAULT_MAX_TRIANGLES),
    }
