"""Writes of the design library. Keyword-only, one transaction each; files are checked by a
Celery task queued with ``transaction.on_commit``, never inside the request."""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accessibility.easy_read_review import easy_read_review_after_edit
from accounts.models import User
from designs import stl
from designs.models import (
    Category,
    Design,
    DesignDocument,
    DesignEvent,
    DesignFile,
    DesignPhoto,
    DesignVersion,
    Licence,
    Make,
    Need,
    Variant,
)
from designs.reports import limits, machine_work_areas
from makerhub.errors import Conflict, NotFound, PermissionDenied, ServiceError
from ops.uploads import image_reencode, zip_check
from spaces.models import Role, Space
from spaces.selectors import user_has_role, user_role

MAX_UPLOAD_BYTES = getattr(settings, "DESIGNS_MAX_UPLOAD_BYTES", stl.DEFAULT_MAX_BYTES)
MAX_IMAGE_BYTES = 15 * 1024 * 1024

# --- permissions --------------------------------------------------------------------------


def can_edit(*, user: User | None, design: Design) -> bool:
    """The author and the staff of the design's space may edit it."""
    if user is None or not user.is_authenticated:
        return False
    return design.author_id == user.pk or user_has_role(
        user=user, space=design.space, role=Role.STAFF
    )


def can_review(*, user: User | None, design: Design) -> bool:
    return user_has_role(user=user, space=design.space, role=Role.STAFF)


def _require_edit(user: User, design: Design) -> None:
    if not can_edit(user=user, design=design):
        raise PermissionDenied(_("Only the author and the staff of the space may change this."))


# --- licences -----------------------------------------------------------------------------

_REMIX_RULES: dict[str, tuple[set[str], Any]] = {
    Licence.CC0: (set(Licence.values), None),
    Licence.CC_BY: (
        {
            Licence.CC_BY,
            Licence.CC_BY_SA,
            Licence.CC_BY_NC,
            Licence.CC_BY_NC_SA,
            Licence.GPL3,
            Licence.CERN_OHL_S,
        },
        gettext_lazy(
            "The original is CC BY: a remix must keep the attribution, so it cannot be "
            "released as CC0."
        ),
    ),
    Licence.CC_BY_SA: (
        {Licence.CC_BY_SA},
        gettext_lazy(
            "The original is ShareAlike (CC BY-SA 4.0): a remix must carry the same licence, "
            "CC BY-SA 4.0."
        ),
    ),
    Licence.CC_BY_NC: (
        {Licence.CC_BY_NC, Licence.CC_BY_NC_SA},
        gettext_lazy(
            "The original is non-commercial (CC BY-NC 4.0): a remix must stay non-commercial: "
            "CC BY-NC 4.0 or CC BY-NC-SA 4.0."
        ),
    ),
    Licence.CC_BY_NC_SA: (
        {Licence.CC_BY_NC_SA},
        gettext_lazy(
            "The original is non-commercial and ShareAlike (CC BY-NC-SA 4.0): a remix must "
            "carry the same licence."
        ),
    ),
    Licence.GPL3: (
        {Licence.GPL3},
        gettext_lazy("The original is GPL-3.0: a remix must be released under GPL-3.0 too."),
    ),
    Licence.CERN_OHL_S: (
        {Licence.CERN_OHL_S},
        gettext_lazy(
            "The original is CERN-OHL-S-2.0 (strongly reciprocal): a remix must carry the same "
            "licence."
        ),
    ),
}


def remix_licences(original: str) -> list[str]:
    """The licences a remix of a design under ``original`` may carry."""
    allowed, _reason = _REMIX_RULES[original]
    return [value for value in Licence.values if value in allowed]


def remix_licence_check(*, original: str, chosen: str) -> None:
    """Raises ServiceError (field "licence") with the reason when ``chosen`` is not allowed."""
    allowed, reason = _REMIX_RULES[original]
    if chosen not in allowed:
        raise ServiceError(str(reason), code="licence_incompatible", field="licence")


# --- designs ------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "design"
    slug, number = base, 2
    while Design.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _snapshot(design: Design) -> dict[str, Any]:
    fields = [
        "title",
        "summary",
        "description",
        "easy_read_description",
        "easy_read_reviewed_by",
        "easy_read_reviewed_at",
        "category",
        "tags",
        "needs",
        "licence",
        "authors_text",
        "attribution",
        "material",
        "nozzle_mm",
        "layer_height_mm",
        "infill_percent",
        "supports",
        "orientation",
        "print_minutes",
        "status",
    ]
    return {name: str(getattr(design, name)) for name in fields}


def _event(design: Design, action: str, user: User | None, note: str = "") -> None:
    DesignEvent.objects.create(
        design=design, action=action, user=user, note=note[:300], snapshot=_snapshot(design)
    )


def _clean_needs(needs: Iterable[str]) -> str:
    codes = [code for code in dict.fromkeys(needs) if code]
    unknown = [code for code in codes if code not in Need.values]
    if unknown:
        raise ServiceError(
            _("Unknown need: %(need)s.") % {"need": ", ".join(unknown)}, field="needs"
        )
    return ",".join(codes)


EDITABLE_FIELDS = {
    "title",
    "summary",
    "description",
    "easy_read_description",
    "easy_read_reviewed_by",
    "easy_read_reviewed_at",
    "category",
    "tags",
    "needs",
    "licence",
    "authors_text",
    "attribution",
    "material",
    "nozzle_mm",
    "layer_height_mm",
    "infill_percent",
    "supports",
    "orientation",
    "print_minutes",
}


def _validate_fields(design: Design) -> None:
    if not design.title.strip():
        raise ServiceError(_("Please give the design a title."), field="title")
    if not design.summary.strip():
        raise ServiceError(_("Please write a one-sentence summary."), field="summary")
    if design.licence not in Licence.values:
        raise ServiceError(_("Please choose a licence from the list."), field="licence")
    if design.category not in Category.values:
        raise ServiceError(_("Please choose a category from the list."), field="category")
    if design.supports and design.supports not in Design.Supports.values:
        raise ServiceError(_("Please choose how supports are used."), field="supports")
    if design.infill_percent is not None and not 0 <= design.infill_percent <= 100:
        raise ServiceError(_("Infill is a percentage from 0 to 100."), field="infill_percent")
    if design.remix_of is not None:
        remix_licence_check(original=design.remix_of.licence, chosen=design.licence)


@transaction.atomic
def design_create(
    *,
    author: User,
    space: Space,
    title: str,
    summary: str,
    licence: str,
    description: str = "",
    easy_read_description: str = "",
    easy_read_reviewed_by: str = "",
    easy_read_reviewed_at: date | None = None,
    category: str = Category.OTHER,
    co_designers_text: str = "",
    tags: str = "",
    needs: Iterable[str] = (),
    attribution: str = "",
    remix_of: Design | None = None,
    changelog: str = "",
    **print_settings: Any,
) -> Design:
    """A new draft design in ``space`` by ``author`` (who needs a role in that space), with
    version 1. ``co_designers_text`` names everyone who designed it with the author; the
    easy-read review names who checked ``easy_read_description`` and when (see
    ``accessibility.easy_read_review``).
    Raises ServiceError for bad input, e.g. a licence a remix may not carry."""
    if not author.is_authenticated or user_role(user=author, space=space) is None:
        raise PermissionDenied(
            _("Only members of %(space)s may add designs there.") % {"space": space.name}
        )
    unknown = set(print_settings) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))})
    design = Design(
        space=space,
        author=author,
        title=title.strip(),
        summary=summary.strip(),
        licence=licence,
        description=description,
        easy_read_description=easy_read_description,
        category=category or Category.OTHER,
        authors_text=co_designers_text.strip(),
        tags=tags,
        needs=_clean_needs(needs),
        attribution=attribution,
        remix_of=remix_of,
        **print_settings,
    )
    if remix_of is not None and remix_of.status != Design.Status.PUBLISHED:
        raise ServiceError(_("Only published designs can be remixed."), field="remix_of")
    _validate_fields(design)
    if remix_of is not None and not design.attribution:
        design.attribution = _("Remix of “%(title)s” by %(authors)s (%(licence)s).") % {
            "title": remix_of.title,
            "authors": remix_of.authors_text or str(remix_of.author or remix_of.space),
            "licence": remix_of.licence,
        }
    design.easy_read_reviewed_by, design.easy_read_reviewed_at = easy_read_review_after_edit(
        old_text="",
        old_by="",
        old_at=None,
        text=design.easy_read_description,
        by=easy_read_reviewed_by,
        at=easy_read_reviewed_at,
    )
    design.slug = _unique_slug(design.title)
    design.save()
    DesignVersion.objects.create(
        design=design, number=1, changelog=changelog or _("First version"), created_by=author
    )
    _event(design, DesignEvent.Action.CREATED, author)
    return design


@transaction.atomic
def design_update(*, design: Design, user: User, **fields: Any) -> Design:
    """Change the design's text and print settings; published designs keep a history.
    A changed easy-read text loses its review unless ``fields`` records a new one."""
    _require_edit(user, design)
    design = (
        Design.objects.select_for_update(of=("self",)).select_related("remix_of").get(pk=design.pk)
    )
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))})
    if "needs" in fields and not isinstance(fields["needs"], str):
        fields["needs"] = _clean_needs(fields["needs"])
    old_text = design.easy_read_description
    old_by, old_at = design.easy_read_reviewed_by, design.easy_read_reviewed_at
    for name, value in fields.items():
        setattr(design, name, value.strip() if isinstance(value, str) else value)
    design.easy_read_reviewed_by, design.easy_read_reviewed_at = easy_read_review_after_edit(
        old_text=old_text,
        old_by=old_by,
        old_at=old_at,
        text=design.easy_read_description,
        by=design.easy_read_reviewed_by,
        at=design.easy_read_reviewed_at,
    )
    _validate_fields(design)
    design.save()
    _event(design, DesignEvent.Action.EDITED, user)
    return design


def publish_missing(design: Design) -> list[str]:
    """What review still needs before publishing: user guide, print settings, a photo."""
    missing = []
    if not design.documents.filter(kind=DesignDocument.Kind.USER_GUIDE).exists():
        missing.append("user_guide")
    if not design.has_print_settings:
        missing.append("print_settings")
    if not design.photos.exists():
        missing.append("photo")
    return missing


MISSING_LABELS = {
    "user_guide": gettext_lazy("a user guide"),
    "print_settings": gettext_lazy("print settings (material, layer height, infill)"),
    "photo": gettext_lazy("at least one photo with a description"),
}


@transaction.atomic
def design_submit(*, design: Design, user: User) -> Design:
    """The author asks the space's staff to review the design."""
    _require_edit(user, design)
    design = Design.objects.select_for_update().get(pk=design.pk)
    if design.status != Design.Status.DRAFT:
        raise Conflict(_("Only drafts can be submitted for review."))
    design.status = Design.Status.IN_REVIEW
    design.save(update_fields=["status", "updated_at"])
    _event(design, DesignEvent.Action.SUBMITTED, user)
    return design


@transaction.atomic
def design_publish(*, design: Design, user: User) -> Design:
    """Staff of the design's space publish it; review asks for a user guide, print settings
    and one photo first (ServiceError with ``missing`` in extra otherwise)."""
    if not can_review(user=user, design=design):
        raise PermissionDenied(_("Only the staff of the design's space may publish it."))
    design = Design.objects.select_for_update().get(pk=design.pk)
    if design.status == Design.Status.PUBLISHED:
        raise Conflict(_("The design is already published."))
    missing = publish_missing(design)
    if missing:
        raise ServiceError(
            _("Before publishing, the design needs: %(missing)s.")
            % {"missing": ", ".join(str(MISSING_LABELS[m]) for m in missing)},
            code="incomplete",
            extra={"missing": missing},
        )
    design.status = Design.Status.PUBLISHED
    design.published_at = design.published_at or timezone.now()
    design.reviewed_by = user
    design.save(update_fields=["status", "published_at", "reviewed_by", "updated_at"])
    _event(design, DesignEvent.Action.PUBLISHED, user)
    return design


@transaction.atomic
def design_return(*, design: Design, user: User, note: str = "") -> Design:
    """Staff send a design in review back to its author as a draft, with a note."""
    if not can_review(user=user, design=design):
        raise PermissionDenied(_("Only the staff of the design's space may review it."))
    design = Design.objects.select_for_update().get(pk=design.pk)
    if design.status != Design.Status.IN_REVIEW:
        raise Conflict(_("Only designs in review can be returned."))
    design.status = Design.Status.DRAFT
    design.save(update_fields=["status", "updated_at"])
    _event(design, DesignEvent.Action.RETURNED, user, note)
    return design


@transaction.atomic
def design_archive(*, design: Design, user: User) -> Design:
    _require_edit(user, design)
    design = Design.objects.select_for_update().get(pk=design.pk)
    design.status = Design.Status.ARCHIVED
    design.save(update_fields=["status", "updated_at"])
    _event(design, DesignEvent.Action.ARCHIVED, user)
    return design


# --- versions and variants ----------------------------------------------------------------


@transaction.atomic
def version_create(*, design: Design, user: User, changelog: str) -> DesignVersion:
    """A new version: files uploaded from now on belong to it; older versions stay."""
    _require_edit(user, design)
    if not changelog.strip():
        raise ServiceError(_("Please say in one line what changed."), field="changelog")
    Design.objects.select_for_update().filter(pk=design.pk).first()
    last = design.versions.order_by("-number").first()
    version = DesignVersion.objects.create(
        design=design,
        number=(last.number + 1) if last else 1,
        changelog=changelog.strip()[:300],
        created_by=user,
    )
    _event(design, DesignEvent.Action.VERSION, user, version.changelog)
    return version


@transaction.atomic
def variant_create(
    *, design: Design, user: User, name: str, suits: str, position: int | None = None
) -> Variant:
    _require_edit(user, design)
    if not name.strip():
        raise ServiceError(_("Please name the variant, e.g. “size M”."), field="name")
    if not suits.strip():
        raise ServiceError(_("Please say in one sentence whom this variant suits."), field="suits")
    if design.variants.filter(name=name.strip()).exists():
        raise ServiceError(_("This design already has a variant with that name."), field="name")
    if position is None:
        position = design.variants.count()
    return Variant.objects.create(
        design=design, name=name.strip(), suits=suits.strip(), position=position
    )


# --- files --------------------------------------------------------------------------------

ACCEPTED_KINDS_TEXT = "STL, 3MF, OBJ, STEP, SCAD, SVG, DXF, PDF"


def sniff_kind(head: bytes, size: int, name: str) -> str | None:
    """The accepted kind of a file, decided by its content (the name only breaks ties
    between text formats that look alike); None when it is none of the accepted kinds."""
    lower_name = name.lower()
    if size >= 84 and size == 84 + 50 * int.from_bytes(head[80:84], "little"):
        return DesignFile.Kind.STL
    stripped = head.lstrip()
    lowered = stripped[:4096].lower()
    looks_ascii_stl = lowered.startswith(b"solid") and (
        b"facet" in lowered or lowered.startswith(b"solid ")
    )
    if looks_ascii_stl and b"\x00" not in head[:1024]:
        return DesignFile.Kind.STL
    if head.startswith(b"PK\x03\x04"):
        return (
            DesignFile.Kind.THREE_MF
            if b"3D/3dmodel.model" in head or lower_name.endswith(".3mf")
            else None
        )
    if head.startswith(b"%PDF-"):
        return DesignFile.Kind.PDF
    if head.startswith(b"ISO-10303-21"):
        return DesignFile.Kind.STEP
    if not _looks_like_text(head):
        return None
    if b"<svg" in lowered[:2048]:
        return DesignFile.Kind.SVG
    lines = [line.strip() for line in stripped.splitlines()[:60] if line.strip()]
    if len(lines) >= 2 and lines[0] == b"0" and lines[1].upper() == b"SECTION":
        return DesignFile.Kind.DXF
    words = {line.split()[0] for line in lines if line.split()}
    obj_words = {b"v", b"vn", b"vt", b"f", b"o", b"g", b"s", b"mtllib", b"usemtl", b"l"}
    if b"v" in words and all(w in obj_words or w.startswith(b"#") for w in words):
        return DesignFile.Kind.OBJ
    scad_tokens = (
        b"cube(",
        b"cylinder(",
        b"sphere(",
        b"module ",
        b"translate(",
        b"difference(",
        b"union(",
        b"linear_extrude(",
        b"rotate(",
        b"$fn",
        b"hull(",
        b"polygon(",
    )
    if any(token in lowered for token in scad_tokens) or (
        lower_name.endswith(".scad") and b";" in lowered
    ):
        return DesignFile.Kind.SCAD
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    return True


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return head


@transaction.atomic
def design_file_add(
    *,
    design: Design,
    user: User,
    upload: UploadedFile,
    variant: Variant | None = None,
    version: DesignVersion | None = None,
) -> DesignFile:
    """Store a file with the design's newest version (or ``version``). STL files are checked
    by a task after the commit (status "pending" until then); other files are type-checked
    by content and stored. A file named .stl whose content is not STL is stored and then
    rejected by the check with the reason, without blocking the rest of the design."""
    _require_edit(user, design)
    size = upload.size or 0
    if size == 0:
        raise ServiceError(_("The file is empty."), field="file")
    if size > MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The file is too large: at most %(mb)s MB are accepted.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    name = Path(upload.name or "file").name[:200]
    kind = sniff_kind(_read_head(upload), size, name)
    if kind is None and name.lower().endswith(".stl"):
        kind = DesignFile.Kind.STL  # stored, then rejected by the check with its reason
    if kind is None:
        raise ServiceError(
            _(
                "This file type is not accepted (we look at the content, not the name). "
                "Accepted are: %(kinds)s."
            )
            % {"kinds": ACCEPTED_KINDS_TEXT},
            code="file_type",
            field="file",
        )
    if variant is not None and variant.design_id != design.pk:
        raise ServiceError(_("This variant belongs to another design."), field="variant")
    if version is None:
        version = design.versions.order_by("-number").first()
        if version is None:
            version = DesignVersion.objects.create(
                design=design, number=1, changelog=_("First version"), created_by=user
            )
    elif version.design_id != design.pk:
        raise ServiceError(_("This version belongs to another design."), field="version")
    if kind == DesignFile.Kind.THREE_MF:
        # Entry count, unpacked size and names that stay inside the archive.
        try:
            zip_check(upload)
        except ValidationError as error:
            raise ServiceError(
                " ".join(error.messages), code=error.code or "invalid", field="file"
            ) from error
        upload.seek(0)

    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    is_stl = kind == DesignFile.Kind.STL
    design_file = DesignFile(
        design=design,
        version=version,
        variant=variant,
        original_name=name,
        kind=kind,
        size_bytes=size,
        sha256=digest.hexdigest(),
        status=DesignFile.Status.PENDING if is_stl else DesignFile.Status.STORED,
        progress=0 if is_stl else 100,
        uploaded_by=user,
    )
    # The stored name is random (``random_upload_to``); only the kind is kept from it.
    design_file.file.save(f"upload.{kind}", upload, save=False)
    design_file.save()
    if is_stl:
        file_id = design_file.pk
        transaction.on_commit(lambda: _queue_validation(file_id))
    return design_file


def _queue_validation(file_id: int) -> None:
    from designs.tasks import design_file_validate_task

    design_file_validate_task.delay(file_id)


def design_file_validate(*, file_id: int) -> DesignFile:
    """Check one STL file (called by the task): store the report, the status, the machines
    that can print it and a thumbnail. Safe to run twice."""
    with transaction.atomic():
        design_file = (
            DesignFile.objects.select_for_update(of=("self",))
            .select_related("design")
            .filter(pk=file_id)
            .first()
        )
        if design_file is None:
            raise NotFound(_("The file no longer exists."))
        design_file.progress = 10
        design_file.save(update_fields=["progress"])
    infill = (design_file.design.infill_percent or 20) / 100
    try:
        with _local_copy(design_file) as path:
            report = stl.validate_stl(
                path, work_areas=machine_work_areas(), infill=infill, **limits()
            )
            data = report.to_dict()
            thumbnail = _thumbnail(file_id, path) if data["verdict"] != stl.REJECTED else None
    except OSError:
        thumbnail = None
        data = {
            "verdict": stl.REJECTED,
            "problems": [
                {
                    "code": "unreadable",
                    "severity": stl.ERROR,
                    "message": "The file could not be read.",
                    "params": {},
                }
            ],
        }
    with transaction.atomic():
        design_file = DesignFile.objects.select_for_update().get(pk=file_id)
        design_file.report = data
        design_file.status = {
            stl.PRINTABLE: DesignFile.Status.PRINTABLE,
            stl.WARNINGS: DesignFile.Status.WARNINGS,
            stl.REJECTED: DesignFile.Status.REJECTED,
        }[data["verdict"]]
        fits = [entry["key"] for entry in data.get("fits", [])]
        design_file.fits_machines = f",{','.join(fits)}," if fits else ""
        design_file.progress = 100
        design_file.validated_at = timezone.now()
        if thumbnail:
            design_file.thumbnail.save("thumbnail.png", ContentFile(thumbnail), save=False)
        design_file.save()
    return design_file


@contextmanager
def _local_copy(design_file: DesignFile) -> Iterator[Path]:
    """A local path to the stored file: the file itself on disk storage, otherwise a
    temporary copy read through the storage API (S3 and other object storage)."""
    storage = design_file.file.storage
    name = design_file.file.name or ""
    local: Path | None
    try:
        local = Path(storage.path(name))
    except NotImplementedError:
        local = None
    if local is not None:
        yield local
        return
    with tempfile.NamedTemporaryFile(suffix=f".{design_file.kind}") as handle:
        with storage.open(name, "rb") as stored:
            shutil.copyfileobj(stored, handle, 1024 * 1024)
        handle.flush()
        yield Path(handle.name)


def _thumbnail(file_id: int, path: Path) -> bytes | None:
    # Checked; the thumbnail comes next. The page's progress bar shows this step.
    DesignFile.objects.filter(pk=file_id).update(progress=70)
    from designs.render import render_png

    try:
        return render_png(stl.read_triangles(path, **limits()))
    except (ValueError, MemoryError):
        return None


def download_count(*, design_file: DesignFile | None = None, design: Design | None = None) -> None:
    """Count one download of a file (and its design) or of a whole design."""
    if design_file is not None:
        DesignFile.objects.filter(pk=design_file.pk).update(downloads=F("downloads") + 1)
        design = design_file.design
    if design is not None:
        Design.objects.filter(pk=design.pk).update(downloads=F("downloads") + 1)


# --- photos, documents, makes -------------------------------------------------------------


def _check_image(upload: UploadedFile, field: str) -> None:
    from PIL import Image, UnidentifiedImageError

    if (upload.size or 0) > MAX_IMAGE_BYTES:
        raise ServiceError(_("The photo is too large: at most 15 MB."), field=field)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            if image.format not in ("JPEG", "PNG", "WEBP", "GIF"):
                raise ServiceError(_("Please upload a JPEG, PNG or WebP photo."), field=field)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ServiceError(_("This file is not a photo we can read."), field=field) from exc
    finally:
        upload.seek(0)


def _reencode(upload: UploadedFile, field: str) -> ContentFile:
    """Decoded and written anew: EXIF (camera, GPS position) and anything hidden is gone."""
    try:
        return image_reencode(upload)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field=field) from error
    finally:
        upload.seek(0)


@transaction.atomic
def photo_add(*, design: Design, user: User, image: UploadedFile, alt_text: str) -> DesignPhoto:
    _require_edit(user, design)
    if not alt_text.strip():
        raise ServiceError(
            _("Please describe the photo for people who cannot see it."), field="alt_text"
        )
    _check_image(image, "image")
    clean = _reencode(image, "image")
    photo = DesignPhoto(
        design=design, alt_text=alt_text.strip()[:250], position=design.photos.count()
    )
    photo.image.save(clean.name or "photo.jpg", clean, save=False)
    photo.save()
    return photo


@transaction.atomic
def document_set(
    *,
    design: Design,
    user: User,
    kind: str,
    text: str = "",
    pdf: UploadedFile | None = None,
) -> DesignDocument:
    """Write (or replace) one piece of documentation: text, a PDF, or both."""
    _require_edit(user, design)
    if kind not in DesignDocument.Kind.values:
        raise ServiceError(_("Unknown kind of document."), field="kind")
    if not text.strip() and pdf is None:
        raise ServiceError(_("Please write the text or upload a PDF."), field="text")
    if pdf is not None and not _read_head(pdf).startswith(b"%PDF-"):
        raise ServiceError(_("This file is not a PDF."), field="pdf")
    document = DesignDocument.objects.filter(design=design, kind=kind).first() or DesignDocument(
        design=design, kind=kind
    )
    document.text = text.strip()
    if pdf is not None:
        document.pdf.save("document.pdf", pdf, save=False)
    document.save()
    return document


@transaction.atomic
def make_create(
    *,
    design: Design,
    user: User,
    printer: str = "",
    material: str = "",
    note: str = "",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
) -> Make:
    """Someone reports "I printed this"."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please log in to report a print."))
    if design.status != Design.Status.PUBLISHED:
        raise Conflict(_("Only published designs can be reported as printed."))
    if not (printer.strip() or material.strip() or note.strip() or photo):
        raise ServiceError(_("Please tell us at least the printer, the material or a note."))
    if photo is not None:
        if not photo_alt.strip():
            raise ServiceError(
                _("Please describe the photo for people who cannot see it."), field="photo_alt"
            )
        _check_image(photo, "photo")
    make = Make(
        design=design,
        user=user,
        printer=printer.strip()[:120],
        material=material.strip()[:60],
        note=note.strip(),
        photo_alt=photo_alt.strip()[:250] if photo else "",
    )
    if photo is not None:
        clean = _reencode(photo, "photo")
        make.photo.save(clean.name or "photo.jpg", clean, save=False)
    make.save()
    return make


# --- the whole design as a ZIP ------------------------------------------------------------


def design_readme(design: Design, version: DesignVersion | None) -> str:
    """The README.md that goes into the design's ZIP."""
    labels = {
        "version": _("Version"),
        "licence": _("Licence"),
        "from": _("From"),
        "authors": _("Authors"),
        "attribution": _("Attribution"),
        "remix_of": _("Remix of"),
        "print_settings": _("Print settings"),
    }
    lines = [f"# {design.title}", "", design.summary, ""]
    if version is not None:
        lines += [f"{labels['version']}: {version.number} – {version.changelog}", ""]
    lines += [
        f"{labels['licence']}: {design.get_licence_display()} ({design.licence})",
        design.licence_url,
        "",
        f"{labels['from']}: {design.space.name}",
    ]
    if design.authors_text:
        lines.append(f"{labels['authors']}: {design.authors_text}")
    if design.attribution:
        lines += ["", f"## {labels['attribution']}", "", design.attribution]
    if design.remix_of_id:
        remix = design.remix_of
        assert remix is not None
        lines += ["", f"{labels['remix_of']}: {remix.title} ({remix.licence})"]
    settings_rows = [
        (_("Material"), design.material),
        (_("Nozzle"), f"{design.nozzle_mm} mm" if design.nozzle_mm else ""),
        (_("Layer height"), f"{design.layer_height_mm} mm" if design.layer_height_mm else ""),
        (_("Infill"), f"{design.infill_percent} %" if design.infill_percent is not None else ""),
        (_("Supports"), design.get_supports_display() if design.supports else ""),
        (_("Orientation"), design.orientation),
        (_("Estimated print time"), f"{design.print_minutes} min" if design.print_minutes else ""),
    ]
    lines += ["", f"## {labels['print_settings']}", ""]
    lines += [f"- {label}: {value}" for label, value in settings_rows if value]
    if design.is_example_geometry:
        lines += ["", _("Example geometry made by code for the demo; not a tested aid.")]
    return "\n".join(lines) + "\n"


def design_zip(*, design: Design) -> bytes:
    """The newest version's files (each under its variant's folder) plus README.md."""
    version = design.versions.order_by("-number").first()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", design_readme(design, version))
        used: set[str] = set()
        files = (
            DesignFile.objects.filter(version=version).select_related("variant")
            if version
            else DesignFile.objects.none()
        )
        for design_file in files:
            if design_file.status == DesignFile.Status.REJECTED:
                continue
            folder = slugify(design_file.variant.name) + "/" if design_file.variant else ""
            arcname = folder + design_file.original_name
            while arcname in used:
                arcname = f"{folder}{design_file.pk}-{design_file.original_name}"
            used.add(arcname)
            with design_file.file.open("rb") as handle:
                archive.writestr(arcname, handle.read())
    return buffer.getvalue()
