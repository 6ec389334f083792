"""Uploads of the design library: random stored names, photos without EXIF, 3MF archives
checked, and the STL check reading through the storage API (object storage has no path)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import ClassVar

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from designs import services
from designs.models import DesignFile
from makerhub.errors import ServiceError
from tests.designs.factories import make_design, make_published, pdf_upload, stl_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^designs/(files|photos|documents|makes|thumbnails)/\d{4}/[0-9a-f]{32}\.")


class NoPathStorage(Storage):
    """Like S3: files only through open/save, no local path (``Storage.path`` raises
    NotImplementedError). Django's InMemoryStorage would not do: it answers ``path()``."""

    files: ClassVar[dict[str, bytes]] = {}

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        return ContentFile(self.files[name], name=name)

    def _save(self, name: str, content) -> str:
        content.seek(0)
        self.files[name] = b"".join(content.chunks())
        return name

    def exists(self, name: str) -> bool:
        return name in self.files

    def delete(self, name: str) -> None:
        self.files.pop(name, None)

    def size(self, name: str) -> int:
        return len(self.files[name])

    def url(self, name: str) -> str:
        return f"/stored/{name}"


def jpeg_with_exif(name: str = "holiday-at-home-gps.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "teal")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamCorp"  # Make
    exif[0x0131] = "TellTaleSoftware"  # Software
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 49.0), 3: "E", 4: (7.0, 28.0, 3.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    body = buffer.getvalue()
    assert b"SecretCamCorp" in body  # the test file really carries EXIF
    with Image.open(io.BytesIO(body)) as probe:
        assert probe.getexif().get(0x010F) == "SecretCamCorp"
    return SimpleUploadedFile(name, body, content_type="image/jpeg")


def three_mf(extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("3D/3dmodel.model", b'<?xml version="1.0"?><model unit="millimeter"/>')
        for name, body in extra.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def add_file(design, user, upload, capture):
    with capture(execute=True):
        design_file = services.design_file_add(design=design, user=user, upload=upload)
    design_file.refresh_from_db()
    return design_file


def test_stored_names_are_random_and_the_download_name_is_kept(
    space, member, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space)
    design_file = add_file(
        design,
        member,
        stl_upload("anna-mueller-cup-holder.stl"),
        django_capture_on_commit_callbacks,
    )
    assert RANDOM_NAME.match(design_file.file.name), design_file.file.name
    assert "anna" not in design_file.file.name
    assert "cup-holder" not in design_file.file.name
    assert design_file.original_name == "anna-mueller-cup-holder.stl"
    # The thumbnail made by the check gets a random name too.
    assert design_file.thumbnail and RANDOM_NAME.match(design_file.thumbnail.name)

    document = services.document_set(
        design=design, user=member, kind="user_guide", pdf=pdf_upload("anna-guide.pdf")
    )
    assert RANDOM_NAME.match(document.pdf.name) and "anna" not in document.pdf.name

    second = add_file(
        design,
        member,
        stl_upload("anna-mueller-cup-holder.stl"),
        django_capture_on_commit_callbacks,
    )
    assert second.file.name != design_file.file.name


def test_photo_is_reencoded_without_exif(space, member):
    design = make_design(author=member, space=space)
    photo = services.photo_add(
        design=design, user=member, image=jpeg_with_exif(), alt_text="A cup with a handle"
    )
    assert RANDOM_NAME.match(photo.image.name) and "holiday" not in photo.image.name
    with photo.image.open("rb") as stored:
        body = stored.read()
    assert b"SecretCamCorp" not in body
    assert b"TellTaleSoftware" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert len(image.getexif()) == 0


def test_make_photo_is_reencoded_without_exif(space, member, staff):
    design = make_published(author=member, staff=staff, space=space)
    maker = UserFactory()
    make = services.make_create(
        design=design,
        user=maker,
        printer="Prusa MK4",
        photo=jpeg_with_exif("make.jpg"),
        photo_alt="The printed cup holder",
    )
    with make.photo.open("rb") as stored:
        body = stored.read()
    assert b"SecretCamCorp" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert len(image.getexif()) == 0


def test_3mf_is_accepted_when_its_archive_is_harmless(
    space, member, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space)
    upload = SimpleUploadedFile("holder.3mf", three_mf({"Metadata/thumbnail.png": b"x" * 100}))
    design_file = add_file(design, member, upload, django_capture_on_commit_callbacks)
    assert design_file.kind == DesignFile.Kind.THREE_MF
    assert design_file.status == DesignFile.Status.STORED


def test_3mf_unpacking_to_too_much_data_is_refused(space, member):
    design = make_design(author=member, space=space)
    body = three_mf({"3D/padding.bin": b"\0" * (12 * 1024 * 1024)})
    assert len(body) < 100 * 1024  # small packed, large unpacked
    with translation.override("en"), pytest.raises(ServiceError) as error:
        services.design_file_add(
            design=design, user=member, upload=SimpleUploadedFile("bomb.3mf", body)
        )
    assert error.value.field == "file"
    assert error.value.code == "zip_size"
    assert error.value.message == "The archive unpacks to too much data."
    assert not DesignFile.objects.exists()


def test_3mf_with_path_traversal_is_refused_in_german(space, member):
    design = make_design(author=member, space=space)
    body = three_mf({"../../../etc/cron.d/evil": b"* * * * * root true\n"})
    with translation.override("de"), pytest.raises(ServiceError) as error:
        services.design_file_add(
            design=design, user=member, upload=SimpleUploadedFile("evil.3mf", body)
        )
    assert error.value.field == "file"
    assert error.value.code == "zip_path"
    assert error.value.message == "Das Archiv enthält einen unsicheren Dateinamen."
    assert not DesignFile.objects.exists()


def test_stl_check_works_on_storage_without_a_path(
    settings, space, member, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.NoPathStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("anything.stl")  # like S3: no local path
    design = make_design(author=member, space=space)
    design_file = add_file(
        design, member, stl_upload("cube.stl"), django_capture_on_commit_callbacks
    )
    assert design_file.file.storage.__class__.__name__ == "NoPathStorage"
    assert design_file.status == DesignFile.Status.PRINTABLE, design_file.report
    assert design_file.report["verdict"] == "printable"
    assert design_file.report.get("problems", []) == [] or all(
        problem["code"] != "unreadable" for problem in design_file.report["problems"]
    )
    assert design_file.thumbnail
    assert default_storage.exists(design_file.thumbnail.name)
