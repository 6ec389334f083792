"""Pages of the design library with the test client."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from designs import services
from designs.models import Design, DesignFile
from tests.designs.factories import make_design, make_published, png_upload, stl_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(space, member, staff, django_capture_on_commit_callbacks):
    design = make_published(
        author=member, staff=staff, space=space, title="Cup holder",
        description="Hold **any** cup.<script>alert(1)</script>", tags="cup",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.design_file_add(design=design, user=member, upload=stl_upload("ring.stl"))
    return design


def test_library_lists_published_designs_without_account(
    client, published, space, member, django_assert_max_num_queries
):
    make_design(author=member, space=space, title="Hidden draft")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("design-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cup holder" in html
    assert "Hidden draft" not in html
    assert html.count("<h1") == 1


def test_library_query_count_does_not_grow_with_designs(
    client, space, member, staff, django_assert_max_num_queries
):
    for number in range(8):
        make_published(author=member, staff=staff, space=space, title=f"Aid {number}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("design-list"), {"sort": "newest"})
    assert response.content.decode().count('class="design-card"') == 8


def test_library_search_and_filter(client, published, space, member, staff):
    make_published(author=member, staff=staff, space=space, title="Phone holder",
                   summary="For wheelchairs.", category="mobility_wheelchair")  # fmt: skip
    html = client.get(reverse("design-list"), {"q": "cup"}).content.decode()
    assert "Cup holder" in html and "Phone holder" not in html
    html = client.get(reverse("design-list"), {"category": "mobility_wheelchair"}).content.decode()
    assert "Phone holder" in html and "Cup holder" not in html
    response = client.get(reverse("design-list"), {"category": "nonsense"})
    assert response.status_code == 200


def test_design_page_in_both_languages_with_viewer_and_text_alternative(client, published):
    url = published.get_absolute_url()
    client.cookies["makerhub_language"] = "en"
    html = client.get(url).content.decode()
    assert "<h1>Cup holder</h1>" in html
    assert "data-stl-viewer" in html
    assert "designs/viewer.js" in html
    assert "20 × 20 × 20 mm" in html  # the text alternative
    assert "<strong>any</strong>" in html and "<script>alert" not in html
    assert "Download everything as ZIP" in html
    client.cookies["makerhub_language"] = "de"
    german = client.get(url).content.decode()
    assert 'lang="de"' in german
    assert "Alles als ZIP herunterladen" in german
    assert "Größe: 20 × 20 × 20 mm" in german


def test_drafts_are_hidden_from_the_public(client, space, member):
    draft = make_design(author=member, space=space)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_downloads_are_attachments_with_safe_headers(client, published):
    design_file = published.files.get()
    response = client.get(reverse("design-file-download", kwargs={"pk": design_file.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "ring.stl" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[80:84] == (12).to_bytes(4, "little")
    design_file.refresh_from_db()
    assert design_file.downloads == 1


def test_zip_download(client, published):
    response = client.get(reverse("design-zip", kwargs={"slug": published.slug}))
    assert response["Content-Disposition"] == f'attachment; filename="{published.slug}-v1.zip"'
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"README.md", "ring.stl"}
    published.refresh_from_db()
    assert published.downloads == 1


def test_create_upload_with_live_status_and_publish(
    client, space, member, staff, django_capture_on_commit_callbacks
):
    client.force_login(member)
    response = client.post(
        reverse("design-create"),
        {"space": space.pk, "title": "Emergency button adapter", "summary": "Press it easily.",
         "category": "emergency_safety", "licence": "CC-BY-4.0", "needs": ["limited_reach"]},
    )  # fmt: skip
    design = Design.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("design-edit", kwargs={"slug": design.slug})

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("design-upload", kwargs={"slug": design.slug}),
            {"file": stl_upload("adapter.stl")},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in html and "<progress" in html  # still pending
    for callback in callbacks:  # the worker runs the check
        callback()
    design_file = DesignFile.objects.get()
    status = client.get(reverse("design-file-status", kwargs={"pk": design_file.pk}))
    html = status.content.decode()
    assert "hx-trigger" not in html  # polling stops
    assert "status-printable" in html

    # A rejected file is shown with its reason and does not block the design.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("design-upload", kwargs={"slug": design.slug}),
            {"file": png_upload("photo.stl")},
            HTTP_HX_REQUEST="true",
        )
    assert (
        "status-rejected"
        in client.get(
            reverse("design-file-status", kwargs={"pk": DesignFile.objects.latest("pk").pk})
        ).content.decode()
    )

    # Publishing without guide and photo is refused with the reason.
    client.force_login(staff)
    response = client.post(reverse("design-publish", kwargs={"slug": design.slug}), follow=True)
    design.refresh_from_db()
    assert design.status == Design.Status.DRAFT
    assert "user guide" in response.content.decode() or "Anleitung" in response.content.decode()


def test_upload_of_unknown_type_shows_an_error(client, space, member):
    design = make_design(author=member, space=space)
    client.force_login(member)
    response = client.post(
        reverse("design-upload", kwargs={"slug": design.slug}),
        {"file": io.BytesIO(b"\x7fELF" + bytes(100))},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not DesignFile.objects.exists()


def test_strangers_cannot_edit(client, space, member):
    design = make_design(author=member, space=space)
    client.force_login(UserFactory())
    assert client.get(reverse("design-edit", kwargs={"slug": design.slug})).status_code == 404
    response = client.post(
        reverse("design-upload", kwargs={"slug": design.slug}), {"file": stl_upload()}
    )
    assert response.status_code == 404


def test_remix_form_offers_only_compatible_licences(client, published, member):
    client.force_login(member)
    response = client.get(reverse("design-create"), {"remix_of": published.slug})
    html = response.content.decode()
    assert 'value="CC-BY-SA-4.0"' in html
    assert 'value="CC-BY-4.0"' not in html


def test_make_report(client, published, member):
    client.force_login(member)
    client.post(
        reverse("design-make-create", kwargs={"slug": published.slug}),
        {"printer": "Prusa MK4", "material": "PLA", "note": "Fits our cups."},
    )
    assert "Fits our cups." in client.get(published.get_absolute_url()).content.decode()


def test_edit_page_forms(client, space, member, staff):
    design = make_design(author=member, space=space)
    client.force_login(member)
    edit = reverse("design-edit", kwargs={"slug": design.slug})
    html = client.get(edit).content.decode()
    assert html.count("<h1") == 1 and 'id="id_file"' in html

    response = client.post(
        reverse("design-photo-add", kwargs={"slug": design.slug}),
        {"image": png_upload(), "alt_text": ""},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not design.photos.exists()
    client.post(
        reverse("design-photo-add", kwargs={"slug": design.slug}),
        {"image": png_upload(), "alt_text": "Der Ring am Becher"},
    )
    client.post(
        reverse("design-document-set", kwargs={"slug": design.slug}),
        {"kind": "user_guide", "text": "Becher hineinstellen."},
    )
    client.post(
        reverse("design-variant-add", kwargs={"slug": design.slug}),
        {"name": "M", "suits": "Für Standardbecher."},
    )
    client.post(
        reverse("design-version-add", kwargs={"slug": design.slug}),
        {"changelog": "Griff verbreitert"},
    )
    response = client.post(
        edit,
        {"title": "Becherhalter", "summary": "Hält Becher.", "category": "eating_drinking",
         "licence": "CC-BY-SA-4.0", "material": "PLA", "layer_height_mm": "0.2",
         "infill_percent": "20"},
    )  # fmt: skip
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.title == "Becherhalter" and design.has_print_settings
    assert design.photos.count() == 1 and design.variants.count() == 1
    assert design.versions.count() == 2

    client.post(reverse("design-submit", kwargs={"slug": design.slug}))
    client.force_login(staff)
    assert "Becherhalter" in client.get(reverse("my-designs")).content.decode()
    client.post(reverse("design-publish", kwargs={"slug": design.slug}))
    design.refresh_from_db()
    assert design.status == Design.Status.PUBLISHED


def test_space_page_shows_the_designs_section(client, published, space):
    html = client.get(space.get_absolute_url()).content.decode()
    assert "Designs von diesem Ort" in html
    assert published.get_absolute_url() in html


def test_library_finds_compounds_and_survives_query_syntax(client, space, member, staff):
    make_published(author=member, staff=staff, space=space,
                   title="Becherhalter für den Kaffeeautomaten")  # fmt: skip
    html = client.get(reverse("design-list"), {"q": "Becher"}).content.decode()
    assert "Becherhalter für den Kaffeeautomaten" in html
    for nasty in ["Becher':*&", "'\"&|!():*", "&&"]:
        response = client.get(reverse("design-list"), {"q": nasty})
        assert response.status_code == 200, nasty


def test_easy_read_switch_puts_the_easy_text_first_and_marks_the_list(client, space, member, staff):
    easy = make_published(author=member, staff=staff, space=space, title="Becherhalter",
                          description="Die **ausführliche** Beschreibung.",
                          easy_read_description="Das ist ein Halter.\nEr hält einen Becher.")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Notrufknopf")  # fmt: skip
    client.cookies["makerhub_language"] = "en"

    # Switched off: the easy-to-read text keeps its usual place further down the page, and
    # the list carries no marks.
    html = client.get(easy.get_absolute_url()).content.decode()
    assert html.count("Das ist ein Halter.") == 1
    assert html.index('id="easy-heading"') > html.index('class="meta"')
    assert "easy-read-first" not in html
    listing = client.get(reverse("design-list")).content.decode()
    assert "Easy-to-read text" not in listing

    # Switched on (the visitor's cookie): shown once, first, before the full description.
    client.cookies["mh_easy_read"] = "1"
    html = client.get(easy.get_absolute_url()).content.decode()
    assert html.count("Das ist ein Halter.") == 1
    assert 'class="easy-read-text easy-read-first"' in html
    easy_at = html.index('id="easy-heading"')
    assert html.index("</h1>") < easy_at < html.index('class="meta"')
    assert easy_at < html.index("<strong>ausführliche</strong>")
    plain = make_published(author=member, staff=staff, space=space, title="Ohne Leichte Sprache")
    assert 'id="easy-heading"' not in client.get(plain.get_absolute_url()).content.decode()

    listing = client.get(reverse("design-list")).content.decode()
    assert listing.count("Easy-to-read text</span>") == 1
    card = listing[listing.index(">Becherhalter<") :]
    assert card.index("Easy-to-read text") < card.index("</article>")
    assert "easy_read=on" in listing  # the link to the existing filter
    filtered = client.get(reverse("design-list"), {"easy_read": "on"}).content.decode()
    assert "Becherhalter" in filtered and "Notrufknopf" not in filtered
    assert "Show only designs with an easy-to-read text" not in filtered


def test_easy_read_follows_the_account_setting(client, space, member, staff):
    easy = make_published(author=member, staff=staff, space=space, title="Becherhalter",
                          easy_read_description="Das ist ein Halter.")  # fmt: skip
    member.easy_read = True
    member.save(update_fields=["easy_read"])
    client.force_login(member)
    html = client.get(easy.get_absolute_url()).content.decode()
    assert html.index('id="easy-heading"') < html.index('class="meta"')


def test_easy_read_marks_are_translated(client, space, member, staff):
    make_published(author=member, staff=staff, space=space, title="Becherhalter",
                   easy_read_description="Das ist ein Halter.")  # fmt: skip
    client.cookies["makerhub_language"] = "de"
    client.cookies["mh_easy_read"] = "1"
    html = client.get(reverse("design-list")).content.decode()
    assert "Text in Leichter Sprache</span>" in html
    assert "Nur Designs mit Text in Leichter Sprache zeigen" in html
