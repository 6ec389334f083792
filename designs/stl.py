"""STL validation: one plain function, ``validate_stl(path)``, with no Django in it.

It reads binary STL with numpy directly (a structured dtype over the file) and ASCII STL with
a strict regular-expression parser, then works on integer vertex ids:

* vertices are merged by hashing the three float32 coordinates into one 64-bit integer and
  sorting those integers (never byte strings); the hash is verified afterwards and an exact
  per-axis ranking is used in the rare case of a collision;
* edges come from one sort of 64-bit keys (undirected edge and its direction packed together),
  which gives open edges, non-manifold edges and winding consistency at once;
* bodies are connected components found by union-find with pointer jumping in numpy;
* volume is the signed sum of tetrahedra, area the sum of triangle areas, both in float64.

Nothing is allocated from the triangle count in the header alone: a binary file is only
read when its size is exactly ``84 + 50 * count``.

Messages are English templates marked with ``_`` (a no-op here) so that ``makemessages``
collects them; the Django layer (``designs.reports``) translates them from ``code`` and
``params``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


def _(message: str) -> str:
    """Marks a message for translation without translating it (no Django here)."""
    return message


DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_TRIANGLES = 5_000_000
PLA_DENSITY_G_CM3 = 1.24
WALL_MM = 1.2  # three 0.4 mm perimeters; top and bottom layers are about as thick
DEFAULT_INFILL = 0.2
UNITS_TINY_MM = 3.0
UNITS_HUGE_MM = 2000.0

ERROR = "error"
WARNING = "warning"

PRINTABLE = "printable"
WARNINGS = "warnings"
REJECTED = "rejected"

# code -> (severity, English message with %(params)s). Each says what happened and what to do.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty_file": (
        ERROR,
        _("The file is empty. Please export the part again from your CAD program."),
    ),
    "no_triangles": (
        ERROR,
        _(
            "The file is an STL file but contains no triangles, so there is nothing to print. "
            "Please export the part again and check that it was selected."
        ),
    ),
    "too_large": (
        ERROR,
        _(
            "The file is %(size_mb)s MB; at most %(limit_mb)s MB are accepted. Please reduce "
            "the resolution when exporting."
        ),
    ),
    "too_many_triangles": (
        ERROR,
        _(
            "The file has %(triangles)s triangles; at most %(limit)s are accepted. Please "
            "reduce the resolution when exporting."
        ),
    ),
    "not_stl": (
        ERROR,
        _(
            "This is not an STL file: its content looks like %(kind)s. Please upload the STL "
            "file exported from your CAD program."
        ),
    ),
    "truncated": (
        ERROR,
        _(
            "The file is cut off: it announces %(announced)s triangles but has room for only "
            "%(present)s. The upload or the export was probably interrupted; please export "
            "and upload it again."
        ),
    ),
    "count_mismatch": (
        ERROR,
        _(
            "The file is damaged: it announces %(announced)s triangles, but its size does not "
            "fit that number. Please export it again."
        ),
    ),
    "ascii_malformed": (
        ERROR,
        _(
            "The text STL file is damaged near line %(line)s. Please export it again, "
            "preferably as binary STL."
        ),
    ),
    "ascii_truncated": (
        ERROR,
        _(
            "The text STL file ends too early (the closing 'endsolid' is missing). Please "
            "export and upload it again."
        ),
    ),
    "non_finite": (
        ERROR,
        _(
            "%(faces)s triangles have invalid coordinates (not a number or infinite). A "
            "slicer would silently drop them and print a broken part. Please repair the model "
            "in your CAD program and export it again."
        ),
    ),
    "open_mesh": (
        WARNING,
        _(
            "The surface is not closed: %(edges)s edges border only one triangle. Slicers may "
            "guess wrongly what is inside. Repair it, e.g. with the repair function of your "
            "slicer."
        ),
    ),
    "non_manifold_edges": (
        WARNING,
        _(
            "%(edges)s edges are shared by more than two triangles. The slicer may print "
            "those places wrongly; check them in the preview."
        ),
    ),
    "inconsistent_winding": (
        WARNING,
        _(
            "Some triangles face the wrong way compared with their neighbours. Most slicers "
            "fix this; if the preview looks wrong, repair the file."
        ),
    ),
    "inverted": (
        WARNING,
        _(
            "The triangles point inwards (the part is inside out). Most slicers fix this on "
            "their own; otherwise flip the normals in your CAD program."
        ),
    ),
    "several_bodies": (
        WARNING,
        _(
            "The file contains %(bodies)s separate parts. Check that this is intended: they "
            "will be printed together."
        ),
    ),
    "degenerate_faces": (
        WARNING,
        _(
            "%(faces)s triangles have no area. They are usually harmless; a repair in the "
            "slicer removes them."
        ),
    ),
    "duplicate_faces": (
        WARNING,
        _(
            "%(faces)s triangles appear twice. They are usually harmless; a repair in the "
            "slicer removes them."
        ),
    ),
    "units_tiny": (
        WARNING,
        _(
            "The part is only %(size_mm)s mm at its largest. Was it drawn in inches or "
            "metres? If so, scale it (inches: by 25.4, metres: by 1000) before printing."
        ),
    ),
    "units_huge": (
        WARNING,
        _(
            "The part is %(size_mm)s mm at its largest. Was it drawn in micrometres or "
            "tenths of a millimetre? Check the scale before printing."
        ),
    ),
    "fits_no_machine": (
        WARNING,
        _(
            "The part (%(size)s mm) is too large for every printer in our spaces. Split it "
            "into pieces or scale it down."
        ),
    ),
}


@dataclass(frozen=True)
class WorkArea:
    """A machine's build volume; ``key`` identifies it in ``fits``."""

    key: str
    name: str
    x_mm: float
    y_mm: float
    z_mm: float


@dataclass
class Problem:
    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES[self.code][1] % self.params

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "params": self.params,
        }


@dataclass
class STLReport:
    """What ``validate_stl`` found. Geometry fields are None when the file was rejected
    before its geometry could be read."""

    file_size: int = 0
    format: str | None = None  # "binary" or "ascii"
    triangles: int = 0
    vertices: int | None = None
    non_finite_faces: int = 0
    bodies: int | None = None
    watertight: bool | None = None
    winding_consistent: bool | None = None
    inverted: bool | None = None
    volume_mm3: float | None = None
    area_mm2: float | None = None
    bbox_mm: list[float] | None = None
    bbox_min_mm: list[float] | None = None
    degenerate_faces: int | None = None
    duplicate_faces: int | None = None
    open_edges: int | None = None
    non_manifold_edges: int | None = None
    units_suspect: bool | None = None
    filament_g: float | None = None
    infill: float = DEFAULT_INFILL
    fits: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        severities = {p.severity for p in self.problems}
        if ERROR in severities:
            return REJECTED
        if WARNING in severities:
            return WARNINGS
        return PRINTABLE

    def add(self, code: str, **params: Any) -> None:
        self.problems.append(Problem(code, MESSAGES[code][0], params))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [p.to_dict() for p in self.problems]
        data["verdict"] = self.verdict
        return data


class _Rejected(Exception):
    """Raised inside the parsers to stop at the first reason for rejection."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --- reading ------------------------------------------------------------------------------

_BINARY_DTYPE = np.dtype([("normal", "<f4", (3,)), ("v", "<f4", (3, 3)), ("attr", "<u2")])

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF87a", _("a GIF image")),
    (b"GIF89a", _("a GIF image")),
    (b"PK\x03\x04", _("a ZIP archive (or 3MF)")),
    (b"PK\x05\x06", _("a ZIP archive")),
    (b"%PDF", _("a PDF document")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
    (b"Rar!", _("a RAR archive")),
    (b"BM", _("a bitmap image")),
    (b"ISO-10303-21", _("a STEP file")),
    (b"\x7fELF", _("a program")),
    (b"MZ", _("a program")),
]
_RIFF_WEBP = (b"RIFF", b"WEBP")


def _sniff_other(head: bytes) -> str | None:
    """What a non-STL file looks like, from its first bytes; None if unknown."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            # "BM" and "MZ" are short; only trust them when the file is not text-like.
            if len(magic) == 2 and magic != b"\x1f\x8b" and _is_text(head):
                continue
            return kind
    if head.startswith(_RIFF_WEBP[0]) and head[8:12] == _RIFF_WEBP[1]:
        return _("a WebP image")
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return _("an SVG drawing")
    if stripped.startswith((b"<!doctype html", b"<html")):
        return _("a web page")
    return None


def _is_text(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    printable = sum(1 for byte in sample if byte >= 32 or byte in (9, 10, 13))
    return printable >= 0.97 * len(sample)


_FLOAT = rb"(\S+)"
_FACET_RE = re.compile(
    rb"facet\s+normal\s+\S+\s+\S+\s+\S+\s+outer\s+loop\s+"
    rb"vertex\s+" + rb"\s+".join([_FLOAT] * 3) + rb"\s+"
    rb"vertex\s+" + rb"\s+".join([_FLOAT] * 3) + rb"\s+"
    rb"vertex\s+" + rb"\s+".join([_FLOAT] * 3) + rb"\s+"
    rb"endloop\s+endfacet\b",
    re.IGNORECASE,
)
_ASCII_BATCH = 65536  # facets converted to numbers at a time
_VERTEX_WORD_RE = re.compile(rb"vertex", re.IGNORECASE)
_FACET_WORD_RE = re.compile(rb"(?<![a-z])facet\b", re.IGNORECASE)


def _read_ascii(data: bytes, max_triangles: int) -> np.ndarray:
    """Triangles (n, 3, 3) float32 from an ASCII STL; raises _Rejected when malformed."""
    if b"endsolid" not in data[-4096:].lower():
        raise _Rejected("ascii_truncated")
    starts = [m.start() for m in _FACET_WORD_RE.finditer(data)]
    if len(starts) > max_triangles:
        raise _Rejected("too_many_triangles", triangles=len(starts), limit=max_triangles)
    if not starts:
        raise _Rejected("no_triangles")
    # Numbers are converted in batches so that memory stays near the file's own size.
    triangles = np.empty((len(starts), 9), np.float32)
    batch: list[bytes] = []
    done = 0

    def flush() -> None:
        nonlocal done, batch
        if not batch:
            return
        try:
            values = np.array(batch, dtype=np.bytes_).astype(np.float64)
        except ValueError as exc:
            bad = next(i for i, n in enumerate(batch) if not _is_float(n))
            facet_start = starts[done + bad // 9]
            vertices = _VERTEX_WORD_RE.finditer(data, facet_start)
            vertex = next(m for i, m in enumerate(vertices) if i == (bad % 9) // 3)
            line = data.count(b"\n", 0, vertex.start()) + 1
            raise _Rejected("ascii_malformed", line=line) from exc
        rows = len(values) // 9
        with np.errstate(over="ignore"):
            triangles[done : done + rows] = values.reshape(-1, 9)
        done += rows
        batch = []

    position = 0
    for index, match in enumerate(_FACET_RE.finditer(data)):
        if index >= len(starts) or match.start() != starts[index]:
            bad = starts[min(index, len(starts) - 1)]
            raise _Rejected("ascii_malformed", line=data.count(b"\n", 0, bad) + 1)
        batch.extend(match.groups())
        position = index + 1
        if len(batch) >= 9 * _ASCII_BATCH:
            flush()
    if position != len(starts):
        bad = starts[position]
        raise _Rejected("ascii_malformed", line=data.count(b"\n", 0, bad) + 1)
    flush()
    return triangles.reshape(-1, 3, 3)


def _is_float(token: bytes) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _read(path: Path, report: STLReport, max_bytes: int, max_triangles: int) -> np.ndarray:
    """The triangles of the file as float32 (n, 3, 3); raises _Rejected."""
    size = path.stat().st_size
    report.file_size = size
    if size == 0:
        raise _Rejected("empty_file")
    if size > max_bytes:
        raise _Rejected("too_large", size_mb=_mb(size), limit_mb=_mb(max_bytes))
    with path.open("rb") as handle:
        head = handle.read(4096)
        count = int(np.frombuffer(head[80:84], "<u4")[0]) if size >= 84 else -1
        if count >= 0 and size == 84 + 50 * count:
            report.format = "binary"
            report.triangles = count
            if count == 0:
                raise _Rejected("no_triangles")
            if count > max_triangles:
                raise _Rejected("too_many_triangles", triangles=count, limit=max_triangles)
            handle.seek(84)
            records = np.fromfile(handle, dtype=_BINARY_DTYPE, count=count)
            if len(records) != count:  # the file shrank while we read it
                raise _Rejected("truncated", announced=count, present=len(records))
            return np.ascontiguousarray(records["v"])

        other = _sniff_other(head)
        if other:
            raise _Rejected("not_stl", kind=other)
        if head.lstrip()[:5].lower() == b"solid" and _is_text(head[:1024]):
            report.format = "ascii"
            data = head + handle.read()
            if not _is_text(data[:65536]):
                raise _Rejected("ascii_malformed", line=1)
            triangles = _read_ascii(data, max_triangles)
            report.triangles = len(triangles)
            return triangles
        if _is_text(head):
            raise _Rejected("not_stl", kind=_("plain text"))
    report.format = "binary"
    if size < 84:
        raise _Rejected("truncated", announced=0, present=0)
    present = (size - 84) // 50
    if 84 + 50 * count > size:
        raise _Rejected("truncated", announced=count, present=present)
    raise _Rejected("count_mismatch", announced=count)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


# --- geometry -----------------------------------------------------------------------------


_INDEX_BITS = 24
_INDEX_MASK = (1 << _INDEX_BITS) - 1


def _corner_hash(corners: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each contiguous float32 row (x, y, z): x and y are read together as
    one unaligned uint64, z separately."""
    count = len(corners)
    key = np.ndarray((count,), dtype="<u8", buffer=corners, strides=(12,)).astype(np.uint64)
    key *= np.uint64(0x9E3779B97F4A7C15)
    mixed = corners.view(np.uint32)[:, 2].astype(np.uint64)
    mixed *= np.uint64(0x165667B19E3779F9)
    key ^= mixed
    del mixed
    key ^= key >> np.uint64(31)
    return key


def _merge_vertices(corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique vertices (V, 3) float32 and, for each corner, its vertex id (int32), numbered
    in order of first appearance.

    ``corners`` is (m, 3) float32 with -0.0 already turned into 0.0. The corners are grouped
    by a 40-bit hash sorted together with their index (one sort of uint64, no argsort); each
    group is then checked coordinate by coordinate, and the rare group that mixes different
    points after a hash clash is split exactly."""
    count = len(corners)
    if count > _INDEX_MASK:
        return _merge_vertices_exact(corners)
    corners = np.ascontiguousarray(corners)
    bits = corners.view(np.uint32)
    packed = _corner_hash(corners)
    packed &= np.uint64(~_INDEX_MASK & 0xFFFFFFFFFFFFFFFF)
    packed |= np.arange(count, dtype=np.uint64)
    packed.sort()
    order = (packed & np.uint64(_INDEX_MASK)).astype(np.int32)
    packed >>= np.uint64(_INDEX_BITS)
    first = np.empty(count, bool)
    first[0] = True
    np.not_equal(packed[1:], packed[:-1], out=first[1:])
    del packed
    group = np.cumsum(first, dtype=np.int32)
    group -= 1
    inverse = np.empty(count, np.int32)
    inverse[order] = group
    del group
    # Within a group the smallest corner index comes first: the point's first appearance.
    representatives = order[first]
    del order, first
    clash = np.zeros(count, bool)
    for axis in range(3):
        column = np.ascontiguousarray(bits[:, axis])
        clash |= column[representatives][inverse] != column
    if clash.any():
        return _merge_vertices_exact(corners)
    # Number vertices by first appearance (neighbours in the file get near ids, which makes
    # the later sorts and the union-find much faster): an O(m) pass instead of a sort.
    is_first = np.zeros(count, bool)
    is_first[representatives] = True
    new_id = np.cumsum(is_first, dtype=np.int32)
    new_id -= 1
    ids = new_id[representatives]
    del new_id
    return corners[is_first], ids[inverse]


def _merge_vertices_exact(corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Collision-free merge: rank each axis, then combine ranks (used after a hash clash)."""
    ranks = []
    sizes = []
    for axis in range(3):
        values, rank = np.unique(corners[:, axis].view(np.uint32), return_inverse=True)
        ranks.append(rank.astype(np.int64))
        sizes.append(len(values))
    _, xy = np.unique(ranks[0] * sizes[1] + ranks[1], return_inverse=True)
    _, inverse = np.unique(xy.astype(np.int64) * sizes[2] + ranks[2], return_inverse=True)
    vertices = np.empty((int(inverse.max()) + 1, 3), np.float32)
    vertices[inverse] = corners
    return vertices, inverse.astype(np.int64 if len(vertices) >= 2**31 else np.int32)


def _components(faces: np.ndarray, vertex_count: int) -> np.ndarray:
    """Component root of each vertex: union-find by hooking and pointer jumping."""
    parent = np.arange(vertex_count, dtype=faces.dtype)
    u = np.concatenate([faces[:, 0], faces[:, 1]])
    v = np.concatenate([faces[:, 1], faces[:, 2]])
    while len(u):
        pu = parent[u]
        pv = parent[v]
        active = pu != pv
        if not active.any():
            break
        u, v, pu, pv = u[active], v[active], pu[active], pv[active]
        low = np.minimum(pu, pv)
        high = np.maximum(pu, pv)
        parent[high] = low  # roots only: any smaller root of the same component will do
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


def _edge_table(faces: np.ndarray, vertex_count: int) -> tuple[int, int, bool]:
    """Open edges, non-manifold edges and winding consistency from one sort.

    Each directed edge becomes ``(low * V + high) * 2 + (head < tail)``; after sorting, the
    copies of one undirected edge sit together with their directions in the lowest bit."""
    heads = faces.ravel()
    tails = faces[:, [1, 2, 0]].ravel()
    keep = heads != tails
    if not keep.all():
        heads, tails = heads[keep], tails[keep]
    key = np.minimum(heads, tails).astype(np.int64)
    key *= vertex_count
    key += np.maximum(heads, tails)
    key <<= 1
    key |= heads < tails
    del heads, tails, keep
    # Vertices are numbered by first appearance, so the keys come in long ascending runs:
    # timsort ("stable") finds them and is several times faster than quicksort here.
    key.sort(kind="stable")
    # Fast answer for the common case: every edge exactly twice, once in each direction.
    if len(key) % 2 == 0:
        backward, forward = key[0::2], key[1::2]
        # Pairs (2u, 2u + 1): the same undirected edge u, once backward and once forward.
        paired = np.all(forward - backward == 1) and not np.any(backward & 1)
        if paired and np.all(forward[:-1] >> 1 != backward[1:] >> 1):
            return 0, 0, True
    undirected = key >> 1
    starts = np.flatnonzero(np.r_[True, undirected[1:] != undirected[:-1]])
    del undirected
    counts = np.diff(np.r_[starts, len(key)])
    forwards = np.add.reduceat(key & 1, starts)
    shared_two = counts == 2
    consistent = bool((forwards[shared_two] == 1).all())
    return int((counts == 1).sum()), int((counts > 2).sum()), consistent


def _duplicate_faces(faces: np.ndarray, usable: np.ndarray, vertex_count: int) -> int:
    """Faces with the same three vertices as another, in any order."""
    f0, f1, f2 = (faces[usable, i].astype(np.int64) for i in range(3))
    low = np.minimum(np.minimum(f0, f1), f2)
    high = np.maximum(np.maximum(f0, f1), f2)
    middle = f0 + f1 + f2 - low - high
    if vertex_count < 2**21:
        key = (low << 42) | (middle << 21) | high
    else:
        _, pair = np.unique(low * vertex_count + middle, return_inverse=True)
        key = pair.astype(np.int64) * vertex_count + high
    key.sort(kind="stable")
    return int((key[1:] == key[:-1]).sum())


def _areas_and_volume(
    triangles: np.ndarray, origin: np.ndarray, threshold: float
) -> tuple[float, float, np.ndarray]:
    """Total area, signed volume (sum of tetrahedra) and which faces have no area."""
    n = len(triangles)
    area_total = 0.0
    volume = 0.0
    zero_area = np.empty(n, bool)
    chunk = 1 << 17
    origin32 = origin.astype(np.float32)
    for start in range(0, n, chunk):
        # float32 per face (the file's own precision), sums in float64.
        part = triangles[start : start + chunk] - origin32  # near 0: accurate volume sum
        a, b, c = part[:, 0], part[:, 1], part[:, 2]
        b -= a
        c -= a
        cross = np.empty_like(a)
        np.multiply(b[:, 1], c[:, 2], out=cross[:, 0])
        cross[:, 0] -= b[:, 2] * c[:, 1]
        np.multiply(b[:, 2], c[:, 0], out=cross[:, 1])
        cross[:, 1] -= b[:, 0] * c[:, 2]
        np.multiply(b[:, 0], c[:, 1], out=cross[:, 2])
        cross[:, 2] -= b[:, 1] * c[:, 0]
        double_area_sq = np.einsum("ij,ij->i", cross, cross)
        area_total += float(np.sqrt(double_area_sq).sum(dtype=np.float64)) / 2
        zero_area[start : start + chunk] = double_area_sq <= threshold
        # a . (b x c) == a . ((b - a) x (c - a)): six times the tetrahedron with the origin
        volume += float(np.einsum("ij,ij->i", a, cross).sum(dtype=np.float64)) / 6
    return area_total, volume, zero_area


def _analyse(triangles: np.ndarray, report: STLReport) -> None:
    finite = np.isfinite(triangles).all(axis=(1, 2))
    bad = len(triangles) - int(np.count_nonzero(finite))
    if bad:
        report.non_finite_faces = bad
        report.add("non_finite", faces=bad)
        triangles = triangles[finite]
        if len(triangles) == 0:
            return
    del finite
    triangles += np.float32(0.0)  # -0.0 -> 0.0 so that both merge
    n = len(triangles)

    vertices, inverse = _merge_vertices(triangles.reshape(-1, 3))
    vertex_count = len(vertices)
    faces = inverse.reshape(-1, 3)
    report.vertices = vertex_count

    low_corner = vertices.min(axis=0).astype(np.float64)
    extent = vertices.max(axis=0).astype(np.float64) - low_corner
    del vertices
    report.bbox_mm = [round(float(x), 3) for x in extent]
    report.bbox_min_mm = [round(float(x), 3) for x in low_corner]
    diagonal = float(np.linalg.norm(extent)) or 1.0

    area, signed_volume, zero_area = _areas_and_volume(
        triangles, low_corner, (1e-12 * diagonal**2) ** 2
    )
    report.area_mm2 = round(area, 3)

    f0, f1, f2 = faces[:, 0], faces[:, 1], faces[:, 2]
    collapsed = (f0 == f1) | (f1 == f2) | (f0 == f2)
    report.degenerate_faces = int(np.count_nonzero(collapsed | zero_area))
    del zero_area

    open_edges, non_manifold, consistent = _edge_table(faces, vertex_count)
    report.open_edges = open_edges
    report.non_manifold_edges = non_manifold
    report.winding_consistent = consistent
    report.watertight = open_edges == 0 and non_manifold == 0

    parent = _components(faces, vertex_count)
    report.bodies = int(np.count_nonzero(parent == np.arange(vertex_count, dtype=parent.dtype)))
    del parent

    # In a closed, consistent single body every edge has exactly two faces, so two faces on
    # the same three vertices would form a body of their own: no duplicate search needed.
    if report.watertight and consistent and report.bodies == 1 and n > 2:
        report.duplicate_faces = 0
    else:
        report.duplicate_faces = _duplicate_faces(faces, ~collapsed, vertex_count)

    report.inverted = bool(consistent and signed_volume < 0)
    report.volume_mm3 = round(abs(signed_volume), 3)

    if open_edges:
        report.add("open_mesh", edges=open_edges)
    if non_manifold:
        report.add("non_manifold_edges", edges=non_manifold)
    if not consistent:
        report.add("inconsistent_winding")
    if report.inverted:
        report.add("inverted")
    if report.bodies > 1:
        report.add("several_bodies", bodies=report.bodies)
    if report.degenerate_faces:
        report.add("degenerate_faces", faces=report.degenerate_faces)
    if report.duplicate_faces:
        report.add("duplicate_faces", faces=report.duplicate_faces)
    largest = float(extent.max())
    report.units_suspect = largest < UNITS_TINY_MM or largest > UNITS_HUGE_MM
    if largest < UNITS_TINY_MM:
        report.add("units_tiny", size_mm=f"{largest:.2f}")
    elif largest > UNITS_HUGE_MM:
        report.add("units_huge", size_mm=f"{largest:.0f}")
    report.filament_g = filament_grams(
        volume_mm3=report.volume_mm3, area_mm2=report.area_mm2, infill=report.infill
    )


def filament_grams(*, volume_mm3: float, area_mm2: float, infill: float) -> float:
    """PLA estimate: a shell of WALL_MM under the whole surface plus infill inside it."""
    shell = min(volume_mm3, area_mm2 * WALL_MM)
    solid_mm3 = shell + (volume_mm3 - shell) * infill
    return round(solid_mm3 / 1000 * PLA_DENSITY_G_CM3, 1)


def fitting_work_areas(bbox_mm: Sequence[float], work_areas: Iterable[WorkArea]) -> list[WorkArea]:
    """The work areas that hold a box of these sides, in any axis-aligned rotation."""
    need = sorted(bbox_mm)
    return [
        area
        for area in work_areas
        if all(n <= h for n, h in zip(need, sorted((area.x_mm, area.y_mm, area.z_mm)), strict=True))
    ]


def read_triangles(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
) -> np.ndarray:
    """The file's triangles as float32 (n, 3, 3); raises ValueError naming the problem code
    when ``validate_stl`` would reject the file before looking at its geometry."""
    try:
        return _read(Path(path), STLReport(), max_bytes, max_triangles)
    except _Rejected as rejected:
        raise ValueError(rejected.code) from None


def validate_stl(
    path: str | Path,
    *,
    work_areas: Iterable[WorkArea] | None = None,
    infill: float = DEFAULT_INFILL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
) -> STLReport:
    """Check one STL file and say whether it is printable, with warnings, or rejected.

    Never raises for bad content (that is a rejected report); raises OSError when the file
    cannot be read at all. ``work_areas`` are the machines to test ``fits`` against."""
    started = time.perf_counter()
    report = STLReport(infill=infill)
    try:
        triangles = _read(Path(path), report, max_bytes, max_triangles)
    except _Rejected as rejected:
        report.add(rejected.code, **rejected.params)
    else:
        _analyse(triangles, report)
        del triangles
        areas = list(work_areas or [])
        if report.bbox_mm is not None and areas:
            fitting = fitting_work_areas(report.bbox_mm, areas)
            report.fits = [{"key": a.key, "name": a.name} for a in fitting]
            if not fitting:
                size = " × ".join(f"{x:.0f}" for x in report.bbox_mm)
                report.add("fits_no_machine", size=size)
    report.seconds = round(time.perf_counter() - started, 4)
    return report
