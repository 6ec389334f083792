"""Benchmark: how long fitting a demo aid takes, from values to a checked STL.

    .venv/bin/python bench/customizer.py [--runs 3]

For each demo design (customizer/demo_scad/) and a few parameter sets, times the steps a
render goes through outside the database: checking the values (scad.clean_values), the
sandboxed OpenSCAD run (render.render_stl) and the STL check (designs.stl.validate_stl).
Prints one row per design and parameter set with the median of ``--runs`` runs. The goal of
issue 8 is "within seconds for small parts". Needs ``openscad`` (``make openscad``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from customizer import render, scad  # noqa: E402
from designs.stl import validate_stl  # noqa: E402

CASES = {
    "cup-holder.scad": [{}, {"cup_diameter": 82, "grip_diameter": 34}, {"bottom": "base"}],
    "emergency-button-adapter.scad": [{}, {"button_diameter": 60, "lever_length": 160}],
    "wheelchair-phone-clamp.scad": [{}, {"tube_diameter": 32, "phone_width": 90}],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if render.openscad_path() is None:
        print("openscad is not installed: nothing to measure (run `make openscad`).")
        return 1
    isolation = render.network_isolation_prefix()
    print(f"network namespace: {' '.join(isolation) if isolation else 'not available'}")
    header = (
        f"{'design':32} {'values':38} {'check ms':>9} {'render s':>9} {'validate ms':>12} "
        f"{'total s':>8} {'triangles':>10} verdict"
    )
    print(header)
    print("-" * len(header))
    for name, value_sets in CASES.items():
        source = (ROOT / "customizer" / "demo_scad" / name).read_text()
        parsed = scad.parse(source)
        for raw in value_sets:
            checks, renders, validations, totals = [], [], [], []
            verdict, triangles = "", 0
            for _ in range(args.runs):
                started = time.perf_counter()
                values = scad.clean_values(parsed, raw)
                defines = scad.define_arguments(parsed, values)
                checked = time.perf_counter()
                result = render.render_stl(source, defines)
                rendered = time.perf_counter()
                if not result.ok:
                    verdict = result.status
                    break
                with tempfile.TemporaryDirectory() as workdir:
                    path = Path(workdir) / "out.stl"
                    path.write_bytes(result.stl)
                    report = validate_stl(path)
                validated = time.perf_counter()
                verdict, triangles = report.verdict, report.triangles
                checks.append(checked - started)
                renders.append(rendered - checked)
                validations.append(validated - rendered)
                totals.append(validated - started)
            shown = ", ".join(f"{k}={v}" for k, v in raw.items()) or "(defaults)"
            if not totals:
                print(
                    f"{name[:-5]:32} {shown:38} {'':>9} {'':>9} {'':>12} {'':>8} {'':>10} {verdict}"
                )
                continue
            print(
                f"{name[:-5]:32} {shown:38} {statistics.median(checks) * 1000:9.2f} "
                f"{statistics.median(renders):9.2f} {statistics.median(validations) * 1000:12.1f} "
                f"{statistics.median(totals):8.2f} {triangles:10d} {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
