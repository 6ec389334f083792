"""Uploaded files are served only through the permission-checked /media/ view (ops/media.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from accessibility import services as need_services
from accessibility.models import BarrierNeed
from bookings.models import Machine
from designs import services as design_services
from ops.media import _prefix, declared_files, file_fields
from ops.storage import PrivateS3Storage
from spaces import services as space_services
from spaces.models import Role
from tests.accessibility.factories import stl_bytes
from tests.designs.factories import make_design, make_ready, png_upload, stl_upload
from tests.factories import SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _get(client, file) -> object:  # type: ignore[no-untyped-def]
    return client.get(file.url)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_file_field_is_declared_and_own_views_exist():
    declared = declared_files()
    missing = sorted(set(file_fields()) - set(declared))
    assert not missing, f"declare these in <app>.selectors.served_files(): {missing}"
    names = get_resolver().reverse_dict
    for entry in declared.values():
        assert bool(entry.own_view) != bool(entry.visible), entry.key
        if entry.own_view:
            assert entry.own_view in names, f"{entry.key}: no view named {entry.own_view}"
        else:
            assert _prefix(entry), f"{entry.key}: store it in a folder of its own"


def test_a_drafts_photo_is_only_for_its_author_and_the_spaces_staff(client, space, member, staff):
    design = make_design(author=member, space=space, title="Becherhalter Entwurf")
    photo = design_services.photo_add(
        design=design, user=member, image=png_upload(), alt_text="Halter am Automaten"
    )
    other = UserFactory()
    assert _get(client, photo.image).status_code == 404  # anonymous
    client.force_login(other)
    assert _get(client, photo.image).status_code == 404  # another member
    for person in (member, staff):
        client.force_login(person)
        response = _get(client, photo.image)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
        assert _body(response).startswith(b"\x89PNG")


def test_a_published_designs_photo_and_thumbnail_are_public(
    client, space, member, staff, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space, title="Notknopf-Adapter")
    with django_capture_on_commit_callbacks(execute=True):  # validation makes the thumbnail
        design_services.design_file_add(design=design, user=member, upload=stl_upload())
    make_ready(design, member)
    design = design_services.design_publish(design=design, user=staff)
    photo = design_services.photo_add(
        design=design, user=member, image=png_upload(), alt_text="Adapter am roten Knopf"
    )
    response = _get(client, photo.image)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    thumbnails = [f for f in design.files.all() if f.thumbnail]
    assert thumbnails
    for design_file in thumbnails:
        assert _get(client, design_file.thumbnail).status_code == 200
    # Archived stays public; a design sent back to draft would not be.
    design.status = design.Status.DRAFT
    design.save(update_fields=["status"])
    assert _get(client, photo.image).status_code == 404
    for design_file in thumbnails:
        assert _get(client, design_file.thumbnail).status_code == 404


def test_design_files_are_never_served_from_media_even_to_their_author(client, space, member):
    design = make_design(author=member, space=space, title="Privat")
    design_file = design_services.design_file_add(design=design, user=member, upload=stl_upload())
    client.force_login(member)
    assert _get(client, design_file.file).status_code == 404  # only through its counted view
    response = client.get(f"/designs/files/{design_file.pk}/download/")
    assert response.status_code == 200


def _need_with_files(space):  # type: ignore[no-untyped-def]
    requester = UserFactory(display_name="Mia")
    helper = UserFactory()
    space_services.membership_set(space=space, user=helper, role=Role.MEMBER)
    need = need_services.need_create(
        requester=requester,
        title="Kaffeebecher halten",
        description="Meine Hand zittert.",
        space=space,
        photos=[(png_upload("becher.png"), "Becher am Automaten")],
    )
    need_services.need_take_on(need=need, user=helper)
    prototype = need_services.prototype_add(
        need=need,
        by=helper,
        file=SimpleUploadedFile("griff v1.stl", stl_bytes()),
        description="Dickerer Griff",
    )
    return requester, need, need.photos.get(), prototype


def test_need_photos_and_prototypes_follow_the_need(client, space, staff):
    requester, need, photo, prototype = _need_with_files(space)
    # An open need is public on the board, and so are its files.
    assert _get(client, photo.image).status_code == 200
    response = _get(client, prototype.file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert 'filename="griff v1.stl"' in response["Content-Disposition"]
    # Hidden by staff: gone for everyone but the requester and staff.
    need_services.need_hide(need=need, by=staff, reason="Test")
    assert _get(client, photo.image).status_code == 404
    assert _get(client, prototype.file).status_code == 404
    client.force_login(UserFactory())
    assert _get(client, prototype.file).status_code == 404
    for person in (requester, staff):
        client.force_login(person)
        assert _get(client, photo.image).status_code == 200
        assert _get(client, prototype.file).status_code == 200


def test_a_withdrawn_needs_prototype_is_only_for_the_requester(client, space, staff):
    requester, need, _photo, prototype = _need_with_files(space)
    need_services.need_withdraw(need=need, by=requester)
    assert BarrierNeed.objects.get(pk=need.pk).photos.count() == 0  # photos deleted at once
    client.force_login(staff)
    assert _get(client, prototype.file).status_code == 404
    client.force_login(requester)
    assert _get(client, prototype.file).status_code == 200


def test_machine_photos_are_public(client):
    machine = Machine.objects.create(
        space=SpaceFactory(), name="Laser", kind=Machine.Kind.LASER_CUTTER
    )
    machine.photo.save("laser.png", png_upload(), save=True)
    assert _get(client, machine.photo).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "designs/photos/2026/0123456789abcdef0123456789abcdef.png",
        "../settings.py",
        "/etc/passwd",
        "x",
    ],
)
def test_unknown_or_climbing_names_are_404(client, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_object_storage_links_go_through_the_checked_view():
    storage = PrivateS3Storage(
        bucket_name="makerhub-media",
        access_key="test-access",
        secret_key="test-secret",
        region_name="eu-central-1",
        querystring_expire=300,
    )
    # Pages and the API link the site's own view, never the bucket...
    assert storage.url("needs/photos/2026/ab cd.png") == "/media/needs/photos/2026/ab%20cd.png"
    # ...which, after its check, redirects to a short-lived signed link forcing a download.
    signed = storage.signed_url(
        "needs/photos/2026/abcd.png",
        parameters={"ResponseContentDisposition": 'attachment; filename="x.png"'},
    )
    assert "makerhub-media" in signed
    assert "X-Amz-Signature=" in signed or "Signature=" in signed
    assert "X-Amz-Expires=300" in signed or "Expires=" in signed
    assert "response-content-disposition=attachment" in signed
