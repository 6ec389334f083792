"""Files on the need board: photos re-encoded without EXIF, random stored names, the
original name kept for the design made from the prototype."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accessibility import services
from accessibility.models import NeedPhoto
from makerhub.errors import ServiceError
from spaces import services as space_services
from spaces.models import Role
from tests.accessibility.factories import stl_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^needs/(photos|prototypes)/\d{4}/[0-9a-f]{32}\.")


def jpeg_with_exif(name: str = "mia-schmidt-kitchen.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "navy")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamCorp"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 49.0), 3: "E", 4: (7.0, 28.0, 3.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert b"SecretCamCorp" in buffer.getvalue()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_need_photo_is_reencoded_without_exif_under_a_random_name():
    need = services.need_create(
        requester=UserFactory(),
        title="Becher halten",
        description="Meine Hand zittert.",
        photos=[(jpeg_with_exif(), "Ein dünner Plastikbecher")],
    )
    photo = need.photos.get()
    assert RANDOM_NAME.match(photo.image.name), photo.image.name
    assert "mia" not in photo.image.name and "kitchen" not in photo.image.name
    with photo.image.open("rb") as stored:
        body = stored.read()
    assert b"SecretCamCorp" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (40, 30)
        assert len(image.getexif()) == 0


def test_a_broken_photo_is_refused_before_anything_is_written():
    body = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10
    with pytest.raises(ServiceError) as error:
        services.need_create(
            requester=UserFactory(),
            title="Becher",
            description="Zu dünn",
            photos=[(SimpleUploadedFile("x.jpg", body), "Ein Becher")],
        )
    assert error.value.field == "photo"
    assert not NeedPhoto.objects.exists()


def test_prototype_gets_a_random_name_and_the_design_keeps_the_original(
    client, space, member, django_capture_on_commit_callbacks
):
    requester = UserFactory()
    space_services.membership_set(space=space, user=requester, role=Role.MEMBER)
    need = services.need_create(
        requester=requester, title="Becher", description="Zu dünn", space=space
    )
    services.need_take_on(need=need, user=member)
    upload = SimpleUploadedFile("mias-cup-holder.stl", stl_bytes(), content_type="model/stl")
    prototype = services.prototype_add(need=need, by=member, file=upload, description="v1")
    assert RANDOM_NAME.match(prototype.file.name), prototype.file.name
    assert "mias" not in prototype.file.name
    assert prototype.original_name == "mias-cup-holder.stl"
    # The page offers it under the name it was uploaded with, not the random one.
    page = client.get(need.get_absolute_url()).content.decode()
    assert 'download="mias-cup-holder.stl"' in page

    services.need_status_set(need=need, by=requester, status="testing")
    services.need_status_set(need=need, by=member, status="solved")
    with django_capture_on_commit_callbacks(execute=True):
        design = services.need_design_create(need=need, by=member)
    design_file = design.files.get()
    assert design_file.original_name == "mias-cup-holder.stl"
    assert "mias" not in design_file.file.name


def test_a_3mf_prototype_with_path_traversal_is_refused(space, member):
    import zipfile

    from accessibility.models import Prototype

    requester = UserFactory()
    need = services.need_create(
        requester=requester, title="Becher", description="Zu dünn", space=space
    )
    services.need_take_on(need=need, user=member)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("3D/3dmodel.model", b"<model/>")
        archive.writestr("../../evil.sh", b"rm -rf /")
    upload = SimpleUploadedFile("holder.3mf", buffer.getvalue())
    with pytest.raises(ServiceError) as error:
        services.prototype_add(need=need, by=member, file=upload, description="v1")
    assert error.value.field == "file"
    assert "unsafe file name" in error.value.message or "unsicheren" in error.value.message
    assert not Prototype.objects.exists()
