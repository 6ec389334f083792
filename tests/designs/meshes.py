"""Small meshes and STL writers for the design tests (no Django)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cube_triangles(size: float = 20.0, origin: tuple[float, float, float] = (0, 0, 0)):
    """A closed cube with outward-facing triangles, (12, 3, 3) float32."""
    o = np.asarray(origin, np.float32)
    v = np.array(
        [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]],
        np.float32,
    )
    v = v * np.float32(size) + o
    faces = [
        (0, 2, 1), (0, 3, 2),  # bottom, facing -z
        (4, 5, 6), (4, 6, 7),  # top, +z
        (0, 1, 5), (0, 5, 4),  # front, -y
        (2, 3, 7), (2, 7, 6),  # back, +y
        (1, 2, 6), (1, 6, 5),  # right, +x
        (0, 4, 7), (0, 7, 3),  # left, -x
    ]  # fmt: skip
    return v[np.array(faces)]


def write_binary(path: Path, triangles, *, count: int | None = None, header: bytes = b"") -> Path:
    triangles = np.asarray(triangles, np.float32)
    n = len(triangles)
    with path.open("wb") as handle:
        handle.write(header.ljust(80, b" ")[:80])
        handle.write(struct.pack("<I", n if count is None else count))
        for tri in triangles:
            handle.write(struct.pack("<3f", 0, 0, 0))
            handle.write(tri.astype("<f4").tobytes())
            handle.write(b"\0\0")
    return path


def write_ascii(path: Path, triangles, name: str = "part") -> Path:
    lines = [f"solid {name}"]
    for tri in np.asarray(triangles, np.float64):
        lines.append("  facet normal 0 0 0")
        lines.append("    outer loop")
        for vertex in tri:
            lines.append("      vertex {} {} {}".format(*(repr(float(x)) for x in vertex)))
        lines.append("    endloop")
        lines.append("  endfacet")
    lines.append(f"endsolid {name}")
    path.write_text("\n".join(lines) + "\n")
    return path
