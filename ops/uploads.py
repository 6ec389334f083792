"""Safe handling of files from strangers, for every app that accepts uploads.

Use in a service or form (all raise ``django.core.exceptions.ValidationError`` with a
translated message, field-ready)::

    kind = upload_check(file, allowed={"stl", "3mf"}, max_bytes=50 * MB)
    if kind == "3mf":
        zip_check(file)                      # entry count, unpacked size, path traversal
    photo = image_reencode(upload)           # PNG/JPEG re-encoded, EXIF/GPS gone
    FileField(upload_to=random_upload_to("designs"))   # unguessable storage names
    return attachment_response(obj.file, download_name="aid.stl")  # after a permission check

Request size: ``UploadSizeMiddleware`` answers 413 from the Content-Length header before the
body is read (``MAKERHUB_UPLOAD_MAX_BYTES``), and ``LimitedUploadHandler`` stops bodies sent
without a length once they pass it.
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MB = 1024 * 1024

# Extension -> the kinds its content may have.
EXTENSIONS: dict[str, set[str]] = {
    "stl": {"stl-binary", "stl-ascii"},
    "3mf": {"zip"},
    "zip": {"zip"},
    "png": {"png"},
    "jpg": {"jpeg"},
    "jpeg": {"jpeg"},
    "webp": {"webp"},
    "gif": {"gif"},
    "pdf": {"pdf"},
    "scad": {"text"},
    "svg": {"svg"},
}


def _head(file: IO[bytes], size: int = 512) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def _file_size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return int(size)


def sniff_kind(head: bytes, *, size: int | None = None) -> str | None:
    """What the first bytes say the file is, whatever its name claims."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    stripped = head.lstrip()
    if stripped[:5].lower() == b"solid" and b"\x00" not in head:
        return "stl-ascii"
    if b"<svg" in head[:512].lower() and b"\x00" not in head:
        return "svg"
    if size is not None and len(head) >= 84:
        # Binary STL: 80-byte header, triangle count, 50 bytes per triangle.
        count = int.from_bytes(head[80:84], "little")
        if size == 84 + 50 * count:
            return "stl-binary"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text" if b"\x00" not in head else None


def upload_check(file: Any, *, allowed: set[str], max_bytes: int) -> str:
    """Size, extension and content must agree; returns the extension (lower case).

    Raises ValidationError (translated) naming the problem."""
    name = getattr(file, "name", "") or ""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in allowed or extension not in EXTENSIONS:
        raise ValidationError(
            _("This type of file is not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(allowed))},
            code="file_type",
        )
    size = _file_size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // MB or 1},
            code="file_size",
        )
    kind = sniff_kind(_head(file, 512), size=size)
    if kind not in EXTENSIONS[extension]:
        raise ValidationError(
            _("The content of the file does not match its name (.%(ext)s).") % {"ext": extension},
            code="file_content",
        )
    return extension


def zip_check(
    file: Any,
    *,
    max_entries: int = 2000,
    max_unpacked_bytes: int = 500 * MB,
    max_ratio: int = 200,
) -> list[str]:
    """A ZIP (or 3MF) must have few entries, a bounded unpacked size and ratio, and names
    that stay inside the archive. Checks the sizes by reading, not by trusting the headers.
    Returns the entry names."""
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(_("The archive is damaged."), code="zip_damaged") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise ValidationError(_("The archive holds too many files."), code="zip_entries")
        names = []
        unpacked = 0
        for entry in entries:
            path = PurePosixPath(entry.filename.replace("\\", "/"))
            mode = entry.external_attr >> 16
            is_link = (mode & 0o170000) == 0o120000
            if path.is_absolute() or ".." in path.parts or ":" in entry.filename or is_link:
                raise ValidationError(
                    _("The archive contains an unsafe file name."), code="zip_path"
                )
            if entry.is_dir():
                continue
            try:
                with archive.open(entry) as member:
                    while chunk := member.read(64 * 1024):
                        unpacked += len(chunk)
                        if unpacked > max_unpacked_bytes:
                            raise ValidationError(
                                _("The archive unpacks to too much data."), code="zip_size"
                            )
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
                raise ValidationError(_("The archive is damaged."), code="zip_damaged") from error
            names.append(str(path))
        packed = max(1, _file_size(file))
        if unpacked > 10 * MB and unpacked / packed > max_ratio:
            raise ValidationError(_("The archive unpacks to too much data."), code="zip_size")
    file.seek(0)
    return names


def image_reencode(file: Any, *, max_pixels: int = 40_000_000, max_side: int = 4096) -> ContentFile:
    """Decode and re-encode an image (PNG stays PNG, everything else becomes JPEG): no
    EXIF, GPS or other metadata survives, nor anything hidden after the image data. Turned
    upright first, scaled down to ``max_side``. Raises ValidationError for non-images and
    decompression bombs."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    file.seek(0)
    try:
        with Image.open(file) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError(_("The image is too large."), code="image_size")
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            image.load()
            fmt = image.format
            upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(_("The file is not a readable image."), code="image") from error
    upright.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if fmt == "PNG":
        clean = (
            upright.convert("RGBA") if upright.mode not in ("RGB", "RGBA", "L", "LA") else upright
        )
        clean.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        upright.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


@deconstructible
class random_upload_to:  # noqa: N801 - used like a function in model fields
    """``upload_to`` giving unguessable names: ``<prefix>/<yyyy>/<32 hex>.<ext>``; the
    original name is never part of the path (keep it in a field if it should be shown)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        from django.utils import timezone

        extension = PurePosixPath(filename).suffix.lower()[:10]
        if not extension[1:].isalnum():
            extension = ""
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, random_upload_to) and other.prefix == self.prefix


def attachment_response(
    file: File, *, download_name: str, content_type: str = "application/octet-stream"
) -> HttpResponseBase:
    """Serve a stored file as a download, never rendered inline by the browser (an ``<img>``
    still shows an image). Call only after the permission check; files are never reachable
    under a public URL."""
    storage = getattr(file, "storage", None)
    if storage is not None and hasattr(storage, "signed_url"):
        from django.http import HttpResponseRedirect

        # Object storage (ops.storage.PrivateS3Storage): a signed URL valid for minutes,
        # forcing download.
        url = storage.signed_url(
            file.name,
            parameters={
                "ResponseContentDisposition": f'attachment; filename="{download_name}"',
                "ResponseContentType": content_type,
            },
        )
        return HttpResponseRedirect(url)
    file.open("rb")
    response = FileResponse(
        file, as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


class LimitedUploadHandler(FileUploadHandler):
    """Stops a request body that passes ``MAKERHUB_UPLOAD_MAX_BYTES`` while it streams in
    (a client can leave out Content-Length); Django answers 400."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:  # noqa: N803
        self.received = 0
        if content_length and content_length > settings.MAKERHUB_UPLOAD_MAX_BYTES:
            raise RequestDataTooBig(_("The upload is too large."))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > settings.MAKERHUB_UPLOAD_MAX_BYTES:
            raise RequestDataTooBig(_("The upload is too large."))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadSizeMiddleware:
    """413 for any request whose declared body is larger than
    ``MAKERHUB_UPLOAD_MAX_BYTES``, before a byte of it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAKERHUB_UPLOAD_MAX_BYTES
        if length > limit:
            message = _("The upload is too large: at most %(mb)s MB.") % {"mb": limit // MB}
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "too_large", "detail": message, "errors": {}}, status=413
                )
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class ReencodedImageField(forms.ImageField):
    """A form's image upload, checked by content and re-encoded (``image_reencode``): what
    is stored has no EXIF/GPS data and a random name. For forms that write an image field
    directly (the admin, model forms)."""

    def to_python(self, data: Any) -> Any:
        checked = super().to_python(data)
        if checked is None:
            return None
        checked.seek(0)
        return image_reencode(checked)
