"""Factories and helpers for the design library tests."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from designs import services
from designs.models import Design, DesignDocument, Licence
from tests.designs.meshes import FIXTURES, cube_triangles, write_binary


def stl_upload(name: str = "cube.stl", size: float = 20.0, tmp: Path | None = None):
    """A binary STL cube as an upload."""
    import tempfile

    folder = Path(tmp or tempfile.mkdtemp())
    path = write_binary(folder / "cube-upload.stl", cube_triangles(size))
    return SimpleUploadedFile(name, path.read_bytes(), content_type="model/stl")


def fixture_upload(fixture: str, name: str | None = None):
    return SimpleUploadedFile(name or fixture, (FIXTURES / fixture).read_bytes())


def png_upload(name: str = "photo.png", colour: str = "orange"):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name: str = "guide.pdf"):
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def make_design(*, author, space, title="Cup holder", licence=Licence.CC_BY_SA, **kwargs) -> Design:
    kwargs.setdefault("summary", "A ring with a handle for the coffee machine's cups.")
    return services.design_create(
        author=author, space=space, title=title, licence=licence, **kwargs
    )


def make_ready(design: Design, user) -> Design:
    """Give a draft what review asks for: user guide, print settings, a photo."""
    services.document_set(
        design=design, user=user, kind=DesignDocument.Kind.USER_GUIDE, text="Slide the cup in."
    )
    services.design_update(
        design=design, user=user, material="PLA", layer_height_mm="0.20", infill_percent=20
    )
    services.photo_add(design=design, user=user, image=png_upload(), alt_text="The ring on a cup")
    design.refresh_from_db()
    return design


def make_published(*, author, staff, space, **kwargs) -> Design:
    design = make_design(author=author, space=space, **kwargs)
    make_ready(design, author)
    return services.design_publish(design=design, user=staff)
