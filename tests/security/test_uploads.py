"""ops.uploads: size before the body is read, magic bytes, ZIP/3MF guards, image cleaning."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ops.uploads import (
    MB,
    attachment_response,
    image_reencode,
    random_upload_to,
    sniff_kind,
    upload_check,
    zip_check,
)


def _binary_stl(triangles=1):
    return b"\0" * 80 + struct.pack("<I", triangles) + b"\0" * (50 * triangles)


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.stl", _binary_stl(2), "stl"),
        ("a.stl", b"solid cube\nendsolid cube\n", "stl"),
        ("a.3mf", _zip([("3D/3dmodel.model", b"<model/>")]), "3mf"),
        ("a.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "png"),
    ],
)
def test_matching_name_and_content_are_accepted(name, content, kind):
    assert (
        upload_check(SimpleUploadedFile(name, content), allowed={"stl", "3mf", "png"}, max_bytes=MB)
        == kind
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.stl", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "file_content"),  # a PNG called .stl
        ("a.png", b"<script>alert(1)</script>", "file_content"),
        ("a.stl", _binary_stl(2)[:-1], "file_content"),  # truncated binary STL
        ("a.exe", b"MZ...", "file_type"),
        ("a.stl", b"", "file_empty"),
        ("a.stl", b"solid " + b"x" * (2 * MB), "file_size"),
    ],
)
def test_mismatched_or_oversized_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        upload_check(SimpleUploadedFile(name, content), allowed={"stl", "png"}, max_bytes=MB)
    assert error.value.code == code
    assert str(error.value.messages[0])


def test_sniff_kind_knows_common_formats():
    assert sniff_kind(b"%PDF-1.7") == "pdf"
    assert sniff_kind(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff_kind(b"\x00\xff\xfe\x00") is None


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "C:\\x.txt"])
def test_zip_entries_escaping_the_archive_are_refused(name):
    data = io.BytesIO(_zip([("3D/3dmodel.model", b"<model/>"), (name, b"x")]))
    with pytest.raises(ValidationError) as error:
        zip_check(data)
    assert error.value.code == "zip_path"


def test_zip_bomb_is_refused_by_reading_not_by_trusting_headers():
    bomb = io.BytesIO(_zip([("big.bin", b"\0" * (30 * MB))]))
    assert len(bomb.getvalue()) < MB  # compresses extremely well
    with pytest.raises(ValidationError) as error:
        zip_check(bomb, max_unpacked_bytes=20 * MB)
    assert error.value.code == "zip_size"


def test_zip_with_too_many_entries_is_refused():
    data = io.BytesIO(_zip([(f"f{n}.txt", b"x") for n in range(30)]))
    with pytest.raises(ValidationError):
        zip_check(data, max_entries=20)


def test_damaged_zip_is_refused():
    with pytest.raises(ValidationError) as error:
        zip_check(io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert error.value.code == "zip_damaged"


def test_good_3mf_passes_and_lists_entries():
    data = io.BytesIO(_zip([("[Content_Types].xml", b"<x/>"), ("3D/3dmodel.model", b"<model/>")]))
    assert zip_check(data) == ["[Content_Types].xml", "3D/3dmodel.model"]


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90
    exif[0x013B] = "Anna at 51.51N 7.46E"  # Artist, with a location
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue() + b"<?php hidden after the image ?>"


def test_images_are_reencoded_upright_without_exif_or_trailing_data():
    cleaned = image_reencode(SimpleUploadedFile("me.jpg", _jpeg_with_gps()))
    data = cleaned.read()
    assert b"SecretCam" not in data and b"php" not in data and b"Anna" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (20, 40)  # turned upright by the orientation tag
    assert cleaned.name.endswith(".jpg") and "me" not in cleaned.name


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # the point of the test
def test_non_images_and_pixel_bombs_are_refused():
    with pytest.raises(ValidationError):
        image_reencode(SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n garbage"))
    big = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(big, format="PNG")
    with pytest.raises(ValidationError) as error:
        image_reencode(SimpleUploadedFile("big.png", big.getvalue()), max_pixels=50_000_000)
    assert error.value.code == "image_size"


def test_random_upload_names_hide_the_original_name():
    upload_to = random_upload_to("designs")
    first = upload_to(None, "Anna Schmidt private.STL")
    second = upload_to(None, "Anna Schmidt private.STL")
    assert first != second
    assert first.startswith("designs/") and first.endswith(".stl")
    assert "Anna" not in first


@pytest.mark.django_db
def test_attachment_response_forces_download_and_sandbox(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x.svg", ContentFile(b"<svg onload=alert(1)></svg>"))
    stored = storage.open(name)
    stored.storage = storage
    response = attachment_response(stored, download_name="drawing.svg")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_oversized_request_is_refused_before_the_body_is_read(client, settings):
    settings.MAKERHUB_UPLOAD_MAX_BYTES = 1000

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST",
        "/api/v1/auth/token/",
        b"",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="5000",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_upload_handler_stops_a_body_growing_past_the_limit(settings):
    from django.core.exceptions import RequestDataTooBig

    from ops.uploads import LimitedUploadHandler

    settings.MAKERHUB_UPLOAD_MAX_BYTES = 10_000
    handler = LimitedUploadHandler()
    with pytest.raises(RequestDataTooBig):
        handler.handle_raw_input(None, {}, 20_000, b"x")
    handler.handle_raw_input(None, {}, 0, b"x")  # no length declared: count while reading
    handler.receive_data_chunk(b"x" * 6000, 0)
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"x" * 6000, 6000)


@pytest.mark.django_db
def test_machine_photos_from_the_admin_are_reencoded_and_randomly_named(rf):
    from django.contrib import admin as django_admin

    from bookings.models import Machine
    from tests.factories import UserFactory

    request = rf.get("/admin/bookings/machine/add/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = django_admin.site._registry[Machine].get_form(request)
    field = form_class.base_fields["photo"]
    cleaned = field.clean(SimpleUploadedFile("Anna's laser.jpg", _jpeg_with_gps()))
    data = cleaned.read()
    assert b"SecretCam" not in data and b"php" not in data
    machine = Machine(name="Laser", kind=Machine.Kind.LASER_CUTTER)
    machine.photo.save(cleaned.name, cleaned, save=False)
    assert machine.photo.name.startswith("machines/") and "Anna" not in machine.photo.name
    with pytest.raises(ValidationError):
        field.clean(SimpleUploadedFile("laser.jpg", b"<?php not an image ?>"))
