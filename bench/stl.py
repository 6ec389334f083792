"""Benchmark: designs.stl.validate_stl against Debian's admesh on a 1.3-million-triangle STL.

    .venv/bin/python bench/stl.py [--runs 5] [--subdivisions 8] [--keep]

Goals (issue 5): in a warm process, validate_stl takes at most 2 times admesh's wall time
for the same file, and its peak memory stays under 6 times the file size. The script
generates the file (an icosphere, written as binary STL), installs nothing (``make
bench-stl`` installs admesh when it is missing), prints a table and exits 1 when a goal is
missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from designs.stl import validate_stl  # noqa: E402

TIME_GOAL = 2.0  # times admesh
MEMORY_GOAL = 6.0  # times the file size

CHILD = """
import json, sys, tracemalloc
sys.path.insert(0, {root!r})
from designs.stl import validate_stl

def status(field):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0

# Reset the peak (VmHWM) so that it measures validate_stl alone (Linux >= 4.0).
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
baseline = status("VmRSS")
tracemalloc.start()
report = validate_stl({path!r})
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({{"rss_delta": status("VmHWM") - baseline, "traced_peak": traced,
                  "verdict": report.verdict}}))
"""


def write_icosphere(path: Path, subdivisions: int) -> int:
    import trimesh

    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=50.0)
    triangles = mesh.vertices[mesh.faces].astype("<f4")
    records = np.zeros(
        len(triangles), dtype=[("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")]
    )
    records["n"] = mesh.face_normals.astype("<f4")
    records["v"] = triangles
    with path.open("wb") as handle:
        handle.write(b"MakerHub benchmark icosphere".ljust(80, b" "))
        handle.write(np.uint32(len(triangles)).astype("<u4").tobytes())
        records.tofile(handle)
    return len(triangles)


def median_seconds(function, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def run_admesh(path: Path) -> None:
    result = subprocess.run(["admesh", str(path)], capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"admesh failed: {result.stderr.decode(errors='replace')}")


def naive_trimesh(path: Path) -> None:
    import trimesh

    mesh: Any = trimesh.load(path, force="mesh")  # default processing merges vertices
    _ = (mesh.is_watertight, mesh.is_winding_consistent, mesh.volume, mesh.area)
    _ = (mesh.bounds, mesh.extents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--subdivisions", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--trimesh", action="store_true", help="also time a naive trimesh load")
    args = parser.parse_args()

    if shutil.which("admesh") is None:
        print("admesh is not installed: `make bench-stl` installs it (apt-get install admesh).")
        return 2

    folder = Path(tempfile.mkdtemp(prefix="makerhub-bench-"))
    path = folder / f"icosphere-{args.subdivisions}.stl"
    triangles = write_icosphere(path, args.subdivisions)
    size = path.stat().st_size
    print(f"file: {path.name}, {triangles:,} triangles, {size / 1e6:.1f} MB, runs: {args.runs}")

    run_admesh(path)  # warm the page cache
    report = validate_stl(path)  # warm the process
    # Interleaved, so that other load on the machine hits both alike.
    admesh_times, ours_times = [], []
    for _ in range(args.runs):
        admesh_times.append(median_seconds(lambda: run_admesh(path), 1)[0])
        ours_times.append(median_seconds(lambda: validate_stl(path), 1)[0])
    admesh_median = statistics.median(admesh_times)
    ours_median = statistics.median(ours_times)

    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
        capture_output=True,
        text=True,
        check=True,
    )
    memory = json.loads(child.stdout)
    peak = max(memory["rss_delta"], memory["traced_peak"])

    rows = [
        ("admesh", admesh_median, 1.0, "", ""),
        (
            "validate_stl (warm)",
            ours_median,
            ours_median / admesh_median,
            f"<= {TIME_GOAL:g}x admesh",
            "yes" if ours_median <= TIME_GOAL * admesh_median else "NO",
        ),
    ]
    if args.trimesh:
        naive_trimesh(path)
        naive_median, _ = median_seconds(lambda: naive_trimesh(path), max(1, args.runs // 2))
        rows.append(("trimesh.load + checks", naive_median, naive_median / admesh_median, "", ""))

    print()
    print(f"{'what':<24} {'median s':>9} {'x admesh':>9}  {'goal':<16} {'met':<4}")
    for name, seconds, ratio, goal, met in rows:
        print(f"{name:<24} {seconds:>9.3f} {ratio:>9.2f}  {goal:<16} {met:<4}")
    print()
    memory_ok = peak < MEMORY_GOAL * size
    print(f"{'memory (child process)':<24} {'MB':>9} {'x file':>9}  {'goal':<16} {'met':<4}")
    for name, value in (
        ("peak RSS growth", memory["rss_delta"]),
        ("tracemalloc peak", memory["traced_peak"]),
    ):
        print(f"{name:<24} {value / 1e6:>9.1f} {value / size:>9.2f}")
    print(
        f"{'peak (larger of both)':<24} {peak / 1e6:>9.1f} {peak / size:>9.2f}  "
        f"{f'< {MEMORY_GOAL:g}x file':<16} {'yes' if memory_ok else 'NO':<4}"
    )
    print()
    print("runs admesh:       " + ", ".join(f"{t:.3f}" for t in admesh_times))
    print("runs validate_stl: " + ", ".join(f"{t:.3f}" for t in ours_times))
    print(
        f"report: {report.verdict}, bodies {report.bodies}, watertight {report.watertight}, "
        f"volume {report.volume_mm3:.0f} mm³"
    )

    if not args.keep:
        shutil.rmtree(folder)
    time_ok = ours_median <= TIME_GOAL * admesh_median
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
