"""``manage.py validate_stl PATH... [--json]``: check STL files as the upload does.

Exit status: 0 when every file is printable, 1 when some have warnings, 2 when some are
rejected (or cannot be read)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from designs import stl
from designs.reports import limits, machine_work_areas, report_localized

EXIT_CODES = {stl.PRINTABLE: 0, stl.WARNINGS: 1, stl.REJECTED: 2}


class Command(BaseCommand):
    help = (
        "Validate STL files and print a report for each (exit 0 printable, 1 warnings, 2 rejected)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="One JSON object per file.")
        parser.add_argument(
            "--no-machines",
            action="store_true",
            help="Do not check which machines of the spaces can print the parts.",
        )

    def handle(self, *paths: str, **options: Any) -> None:
        work_areas = [] if options["no_machines"] else self._work_areas()
        worst = 0
        for path in options["paths"]:
            try:
                report = stl.validate_stl(path, work_areas=work_areas, **limits())
            except OSError as exc:
                data: dict[str, Any] = {
                    "path": path,
                    "verdict": stl.REJECTED,
                    "problems": [
                        {"code": "unreadable", "severity": stl.ERROR, "message": str(exc)}
                    ],
                }
            else:
                data = {"path": path, **report_localized(report.to_dict())}
            worst = max(worst, EXIT_CODES[data["verdict"]])
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self._print(data)
        if worst:
            raise SystemExit(worst)

    def _work_areas(self) -> list[stl.WorkArea]:
        try:
            return machine_work_areas()
        except Exception:  # noqa: BLE001 - no database yet: check without machines
            return []

    def _print(self, data: dict[str, Any]) -> None:
        verdicts = {
            stl.PRINTABLE: _("printable"),
            stl.WARNINGS: _("printable with warnings"),
            stl.REJECTED: _("rejected"),
        }
        self.stdout.write(f"{data['path']}: {verdicts[data['verdict']]}")
        if data.get("bbox_mm"):
            size = " × ".join(f"{x:g}" for x in data["bbox_mm"])
            self.stdout.write(
                "  "
                + _("%(triangles)s triangles, %(bodies)s bodies, %(size)s mm, %(volume)s mm³")
                % {
                    "triangles": data["triangles"],
                    "bodies": data["bodies"],
                    "size": size,
                    "volume": data["volume_mm3"],
                }
            )
        for problem in data["problems"]:
            self.stdout.write(f"  [{problem['severity']}] {problem['code']}: {problem['message']}")
