"""A small software renderer: a shaded PNG thumbnail of a mesh, with numpy and Pillow only.

Each triangle is sampled with points in proportion to its size on screen, every point is
shaded by its triangle's normal (Lambert, lit from the upper left) and a depth buffer keeps
the point nearest to the viewer in each pixel. Good enough for a list thumbnail; no GPU."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

BACKGROUND = (246, 246, 242)
COLOUR = np.array([30, 110, 170], np.float64)  # part colour, shaded by light
MAX_FACES = 200_000
MAX_SAMPLES = 900_000


def _rotation() -> np.ndarray:
    """A three-quarter view: turn 35° about z, then tilt 60° about x."""
    yaw, pitch = np.radians(35.0), np.radians(-60.0)
    rz = np.array(
        [[np.cos(yaw), -np.sin(yaw), 0], [np.sin(yaw), np.cos(yaw), 0], [0, 0, 1]], np.float64
    )
    rx = np.array(
        [[1, 0, 0], [0, np.cos(pitch), -np.sin(pitch)], [0, np.sin(pitch), np.cos(pitch)]],
        np.float64,
    )
    return rx @ rz


def render_png(triangles: np.ndarray, *, size: int = 256, seed: int = 0) -> bytes:
    """PNG bytes of a ``size`` × ``size`` thumbnail of triangles (n, 3, 3)."""
    image = render(triangles, size=size, seed=seed)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def render(triangles: np.ndarray, *, size: int = 256, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    tris = np.asarray(triangles, np.float64)
    tris = tris[np.isfinite(tris).all(axis=(1, 2))]
    if len(tris) > MAX_FACES:  # tiny faces: a random share still covers every pixel
        tris = tris[rng.choice(len(tris), MAX_FACES, replace=False)]
    canvas = np.empty((size, size, 3), np.uint8)
    canvas[:] = BACKGROUND
    if len(tris) == 0:
        return Image.fromarray(canvas)

    view = tris @ _rotation().T
    low = view.reshape(-1, 3).min(axis=0)
    high = view.reshape(-1, 3).max(axis=0)
    span = float(max(high[0] - low[0], high[1] - low[1])) or 1.0
    margin = 0.06 * size
    scale = (size - 2 * margin) / span
    centre = (low + high) / 2
    screen = np.empty_like(view)
    screen[..., 0] = (view[..., 0] - centre[0]) * scale + size / 2
    screen[..., 1] = size / 2 - (view[..., 1] - centre[1]) * scale
    screen[..., 2] = view[..., 2]

    normals = np.cross(view[:, 1] - view[:, 0], view[:, 2] - view[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    lengths[lengths == 0] = 1.0
    normals /= lengths[:, None]
    light = np.array([-0.4, 0.5, 0.77])
    light /= np.linalg.norm(light)
    lambert = np.abs(normals @ light)  # two-sided: inverted files still look right
    shade = 0.35 + 0.65 * lambert

    # Points per triangle in proportion to its area on screen (at least one).
    edge1 = screen[:, 1, :2] - screen[:, 0, :2]
    edge2 = screen[:, 2, :2] - screen[:, 0, :2]
    area = np.abs(edge1[:, 0] * edge2[:, 1] - edge1[:, 1] * edge2[:, 0]) / 2
    counts = np.ceil(area * 4.0).astype(np.int64) + 1
    total = int(counts.sum())
    if total > MAX_SAMPLES:
        counts = np.maximum(1, (counts * (MAX_SAMPLES / total)).astype(np.int64))
    owner = np.repeat(np.arange(len(screen)), counts)
    r1 = np.sqrt(rng.random(len(owner)))
    r2 = rng.random(len(owner))
    w0, w1, w2 = 1 - r1, r1 * (1 - r2), r1 * r2
    points = (
        screen[owner, 0] * w0[:, None]
        + screen[owner, 1] * w1[:, None]
        + screen[owner, 2] * w2[:, None]
    )
    px = np.clip(points[:, 0].astype(np.int64), 0, size - 1)
    py = np.clip(points[:, 1].astype(np.int64), 0, size - 1)
    pixel = py * size + px
    depth = points[:, 2]  # larger z is nearer the viewer after the tilt

    order = np.lexsort((depth, pixel))
    pixel_sorted = pixel[order]
    last = np.r_[pixel_sorted[1:] != pixel_sorted[:-1], True]
    nearest = order[last]
    colours = (COLOUR[None, :] * shade[owner[nearest]][:, None]).clip(0, 255).astype(np.uint8)
    flat = canvas.reshape(-1, 3)
    flat[pixel[nearest]] = colours
    return Image.fromarray(canvas)
