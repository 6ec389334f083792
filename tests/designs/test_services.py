"""Services of the design library, on the real database."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bookings.models import Machine
from designs import selectors, services
from designs.models import Design, DesignDocument, DesignEvent, DesignFile, Licence
from makerhub.errors import Conflict, PermissionDenied, ServiceError
from tests.designs.factories import (
    fixture_upload,
    make_design,
    make_published,
    make_ready,
    pdf_upload,
    png_upload,
    stl_upload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def add_file(design, user, upload, capture, **kwargs):
    with capture(execute=True):
        design_file = services.design_file_add(design=design, user=user, upload=upload, **kwargs)
    design_file.refresh_from_db()
    return design_file


# --- creating and editing ------------------------------------------------------------------


def test_design_create_makes_a_draft_with_version_one(space, member):
    design = services.design_create(
        author=member,
        space=space,
        title="Cup holder ring",
        summary="Holds a cup for people with a weak grip.",
        licence=Licence.CC_BY,
        co_designers_text="Anna (user) and Ben (maker)",
        needs=["limited_grip", "tremor"],
    )
    assert design.status == Design.Status.DRAFT
    assert design.slug == "cup-holder-ring"
    assert design.authors_text == "Anna (user) and Ben (maker)"
    assert design.need_list == ["limited_grip", "tremor"]
    assert [v.number for v in design.versions.all()] == [1]
    assert design.events.get().action == DesignEvent.Action.CREATED


def test_slugs_stay_unique(space, member):
    first = make_design(author=member, space=space, title="Phone holder")
    second = make_design(author=member, space=space, title="Phone holder")
    assert first.slug != second.slug


def test_only_people_of_the_space_create_designs(space):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        make_design(author=outsider, space=space)
    assert not Design.objects.exists()


def test_bad_input_is_refused_with_the_field(space, member):
    with pytest.raises(ServiceError) as error:
        make_design(author=member, space=space, licence="WTFPL")
    assert error.value.field == "licence"
    with pytest.raises(ServiceError) as error:
        make_design(author=member, space=space, title="  ")
    assert error.value.field == "title"
    with pytest.raises(ServiceError) as error:
        make_design(author=member, space=space, needs=["flying"])
    assert error.value.field == "needs"
    assert not Design.objects.exists()


def test_only_author_and_staff_edit(space, member, staff):
    design = make_design(author=member, space=space)
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.design_update(design=design, user=other, title="Mine now")
    services.design_update(design=design, user=staff, title="Cup holder, wider handle")
    design.refresh_from_db()
    assert design.title == "Cup holder, wider handle"


# --- remix licences ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "chosen", "allowed"),
    [
        (Licence.CC_BY_SA, Licence.CC_BY_SA, True),
        (Licence.CC_BY_SA, Licence.CC_BY, False),
        (Licence.CC_BY_SA, Licence.CC_BY_NC_SA, False),
        (Licence.CC_BY_NC, Licence.CC_BY_NC_SA, True),
        (Licence.CC_BY_NC, Licence.CC_BY, False),
        (Licence.CC_BY_NC_SA, Licence.CC_BY_NC, False),
        (Licence.CC_BY, Licence.CC_BY_NC, True),
        (Licence.CC_BY, Licence.CC0, False),
        (Licence.CC0, Licence.CC_BY, True),
        (Licence.GPL3, Licence.GPL3, True),
        (Licence.GPL3, Licence.CERN_OHL_S, False),
        (Licence.CERN_OHL_S, Licence.CERN_OHL_S, True),
    ],
)
def test_remix_licence_rules(original, chosen, allowed):
    if allowed:
        services.remix_licence_check(original=original, chosen=chosen)
        assert chosen in services.remix_licences(original)
    else:
        with pytest.raises(ServiceError) as error:
            services.remix_licence_check(original=original, chosen=chosen)
        assert error.value.field == "licence"
        assert error.value.code == "licence_incompatible"
        assert chosen not in services.remix_licences(original)


def test_remix_keeps_attribution_and_refuses_incompatible_licence(space, member, staff):
    original = make_published(
        author=member, staff=staff, space=space, title="Bottle opener",
        co_designers_text="Makers Making Change",
    )  # fmt: skip
    with translation.override("en"), pytest.raises(ServiceError) as error:
        make_design(author=member, space=space, title="Opener remix", licence=Licence.CC_BY,
                    remix_of=original)  # fmt: skip
    assert "ShareAlike" in error.value.message
    with translation.override("de"), pytest.raises(ServiceError) as error:
        make_design(author=member, space=space, title="Opener remix", licence=Licence.CC_BY,
                    remix_of=original)  # fmt: skip
    assert "dieselbe Lizenz" in error.value.message

    remix = make_design(
        author=member, space=space, title="Opener remix", licence=Licence.CC_BY_SA,
        remix_of=original,
    )  # fmt: skip
    assert remix.remix_of == original
    assert "Bottle opener" in remix.attribution
    assert "Makers Making Change" in remix.attribution
    # Changing the licence later is held to the same rule.
    with pytest.raises(ServiceError):
        services.design_update(design=remix, user=member, licence=Licence.CC0)


def test_drafts_cannot_be_remixed(space, member):
    draft = make_design(author=member, space=space)
    with pytest.raises(ServiceError):
        make_design(author=member, space=space, remix_of=draft)


# --- review and publishing -----------------------------------------------------------------


def test_publishing_needs_guide_settings_and_photo(space, member, staff):
    design = make_design(author=member, space=space)
    services.design_submit(design=design, user=member)
    with pytest.raises(ServiceError) as error:
        services.design_publish(design=design, user=staff)
    assert error.value.extra["missing"] == ["user_guide", "print_settings", "photo"]
    design.refresh_from_db()
    assert design.status == Design.Status.IN_REVIEW

    make_ready(design, member)
    published = services.design_publish(design=design, user=staff)
    assert published.status == Design.Status.PUBLISHED
    assert published.published_at is not None
    assert published.reviewed_by == staff
    actions = list(published.events.order_by("pk").values_list("action", flat=True))
    assert actions[0] == "created" and actions[-1] == "published" and "submitted" in actions


def test_only_staff_of_the_space_publish(space, member, host):
    design = make_ready(make_design(author=member, space=space), member)
    for person in (member, host, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.design_publish(design=design, user=person)


def test_staff_return_a_design_with_a_note(space, member, staff):
    design = make_design(author=member, space=space)
    services.design_submit(design=design, user=member)
    services.design_return(design=design, user=staff, note="Please add a photo of the grip.")
    design.refresh_from_db()
    assert design.status == Design.Status.DRAFT
    assert design.events.first().note == "Please add a photo of the grip."
    with pytest.raises(Conflict):
        services.design_return(design=design, user=staff)


def test_editing_a_published_design_keeps_history(space, member, staff):
    design = make_published(author=member, staff=staff, space=space)
    services.design_update(design=design, user=member, summary="Now with a wider handle.")
    snapshots = [e.snapshot["summary"] for e in design.events.order_by("pk")]
    assert snapshots[-1] == "Now with a wider handle."
    assert "A ring with a handle for the coffee machine's cups." in snapshots


def test_photo_needs_alt_text_and_a_real_image(space, member):
    design = make_design(author=member, space=space)
    with pytest.raises(ServiceError) as error:
        services.photo_add(design=design, user=member, image=png_upload(), alt_text=" ")
    assert error.value.field == "alt_text"
    fake = SimpleUploadedFile("photo.png", b"not an image at all")
    with pytest.raises(ServiceError) as error:
        services.photo_add(design=design, user=member, image=fake, alt_text="A cup")
    assert error.value.field == "image"
    assert not design.photos.exists()


def test_documents_text_or_pdf(space, member):
    design = make_design(author=member, space=space)
    doc = services.document_set(
        design=design, user=member, kind=DesignDocument.Kind.BOM, pdf=pdf_upload()
    )
    assert doc.pdf and doc.text == ""
    with pytest.raises(ServiceError):
        services.document_set(
            design=design, user=member, kind=DesignDocument.Kind.RATIONALE,
            pdf=SimpleUploadedFile("x.pdf", b"GIF89a..."),
        )  # fmt: skip
    with pytest.raises(ServiceError):
        services.document_set(design=design, user=member, kind=DesignDocument.Kind.RATIONALE)


# --- files and validation ------------------------------------------------------------------


def test_stl_is_validated_after_commit_with_report_and_thumbnail(
    space, member, django_capture_on_commit_callbacks
):
    Machine.objects.create(
        space=space, name="Prusa", slug="prusa", kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=250, work_y_mm=210, work_z_mm=210,
    )  # fmt: skip
    small = Machine.objects.create(
        space=space, name="Mini", slug="mini", kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=10, work_y_mm=10, work_z_mm=10,
    )  # fmt: skip
    design = make_design(author=member, space=space)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        design_file = services.design_file_add(design=design, user=member, upload=stl_upload())
    assert design_file.status == DesignFile.Status.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    design_file.refresh_from_db()
    assert design_file.status == DesignFile.Status.PRINTABLE
    assert design_file.report["triangles"] == 12
    assert design_file.report["volume_mm3"] == pytest.approx(8000)
    assert [f["name"] for f in design_file.report["fits"]] == [f"Prusa ({space.name})"]
    assert f",{small.pk}," not in design_file.fits_machines
    assert design_file.thumbnail.name.endswith(".png")
    assert design_file.progress == 100
    assert design_file.kind == DesignFile.Kind.STL


def test_image_named_stl_is_rejected_without_blocking_the_design(
    space, member, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space)
    bad = add_file(design, member, png_upload("holder.stl"), django_capture_on_commit_callbacks)
    good = add_file(design, member, stl_upload(), django_capture_on_commit_callbacks)
    assert bad.status == DesignFile.Status.REJECTED
    assert bad.report["problems"][0]["code"] == "not_stl"
    assert not bad.thumbnail
    assert good.status == DesignFile.Status.PRINTABLE
    assert design.files.count() == 2


def test_fixture_files_get_their_verdicts(space, member, django_capture_on_commit_callbacks):
    design = make_design(author=member, space=space)
    multibody = add_file(
        design, member, fixture_upload("multibody.stl"), django_capture_on_commit_callbacks
    )
    empty = add_file(
        design, member, fixture_upload("empty_binary.stl"), django_capture_on_commit_callbacks
    )
    assert multibody.status == DesignFile.Status.WARNINGS
    assert empty.status == DesignFile.Status.REJECTED


def test_accompanying_files_are_typed_by_content(space, member, django_capture_on_commit_callbacks):
    design = make_design(author=member, space=space)
    pdf = add_file(design, member, pdf_upload("manual.txt"), django_capture_on_commit_callbacks)
    assert pdf.kind == DesignFile.Kind.PDF
    assert pdf.status == DesignFile.Status.STORED
    scad = SimpleUploadedFile("ring.scad", b"$fn=64;\ndifference(){cylinder(r=40,h=10);}\n")
    assert add_file(design, member, scad, django_capture_on_commit_callbacks).kind == "scad"
    # An STL named .txt is still an STL (content decides) and gets checked.
    stl_as_txt = add_file(
        design, member, stl_upload("cube.txt"), django_capture_on_commit_callbacks
    )
    assert stl_as_txt.kind == DesignFile.Kind.STL
    assert stl_as_txt.status == DesignFile.Status.PRINTABLE


def test_unknown_content_is_refused_and_nothing_is_stored(space, member):
    design = make_design(author=member, space=space)
    program = SimpleUploadedFile("tool.pdf", b"\x7fELF\x02\x01\x01" + bytes(200))
    with pytest.raises(ServiceError) as error:
        services.design_file_add(design=design, user=member, upload=program)
    assert error.value.field == "file"
    assert error.value.code == "file_type"
    empty = SimpleUploadedFile("x.stl", b"")
    with pytest.raises(ServiceError):
        services.design_file_add(design=design, user=member, upload=empty)
    assert not DesignFile.objects.exists()


def test_strangers_cannot_upload(space, member):
    design = make_design(author=member, space=space)
    with pytest.raises(PermissionDenied):
        services.design_file_add(design=design, user=UserFactory(), upload=stl_upload())


def test_new_version_replaces_files_and_keeps_old_ones(
    space, member, django_capture_on_commit_callbacks
):
    design = make_design(author=member, space=space)
    old = add_file(design, member, stl_upload(), django_capture_on_commit_callbacks)
    version = services.version_create(
        design=design, user=member, changelog="Tested for two weeks, handle widened"
    )
    new = add_file(design, member, stl_upload(size=25), django_capture_on_commit_callbacks)
    assert version.number == 2
    assert old.version.number == 1 and new.version == version
    with pytest.raises(ServiceError):
        services.version_create(design=design, user=member, changelog=" ")


def test_variants_with_files(space, member, django_capture_on_commit_callbacks):
    design = make_design(author=member, space=space)
    small = services.variant_create(
        design=design, user=member, name="S", suits="For small cups up to 7 cm."
    )
    with pytest.raises(ServiceError):
        services.variant_create(design=design, user=member, name="S", suits="Again")
    with pytest.raises(ServiceError):
        services.variant_create(design=design, user=member, name="M", suits="")
    file = add_file(design, member, stl_upload(), django_capture_on_commit_callbacks, variant=small)
    assert file.variant == small


def test_makes_only_on_published_designs(space, member, staff):
    draft = make_design(author=member, space=space)
    with pytest.raises(Conflict):
        services.make_create(design=draft, user=member, printer="Prusa MK4")
    published = make_published(author=member, staff=staff, space=space, title="Opener")
    with pytest.raises(ServiceError):
        services.make_create(design=published, user=member, photo=png_upload(), photo_alt="")
    make = services.make_create(
        design=published, user=member, printer="Prusa MK4", material="PETG",
        note="Works well", photo=png_upload(), photo_alt="The opener on a bottle",
    )  # fmt: skip
    assert make.photo and published.makes.count() == 1


def test_zip_has_readme_and_files(space, member, staff, django_capture_on_commit_callbacks):
    design = make_published(
        author=member, staff=staff, space=space, title="Bottle opener",
        attribution="Neil Squire / Makers Making Change", co_designers_text="Neil Squire",
    )  # fmt: skip
    variant = services.variant_create(design=design, user=member, name="30 mm", suits="Small caps")
    add_file(design, member, stl_upload("opener.stl"), django_capture_on_commit_callbacks,
             variant=variant)  # fmt: skip
    add_file(design, member, png_upload("broken.stl"), django_capture_on_commit_callbacks)
    with translation.override("en"):
        data = services.design_zip(design=design)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["30-mm/opener.stl", "README.md"]
    readme = archive.read("README.md").decode()
    assert "# Bottle opener" in readme
    assert "CC-BY-SA-4.0" in readme
    assert "Neil Squire / Makers Making Change" in readme
    assert "Material: PLA" in readme and "Infill: 20 %" in readme
    assert "Version: 1" in readme


def test_download_counts(space, member, staff, django_capture_on_commit_callbacks):
    design = make_published(author=member, staff=staff, space=space)
    file = add_file(design, member, stl_upload(), django_capture_on_commit_callbacks)
    services.download_count(design_file=file)
    services.download_count(design=design)
    file.refresh_from_db()
    design.refresh_from_db()
    assert file.downloads == 1
    assert design.downloads == 2


# --- selectors -----------------------------------------------------------------------------


def test_search_and_filters(space, member, staff, django_capture_on_commit_callbacks):
    printer = Machine.objects.create(
        space=space, name="Prusa", slug="prusa", kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=100, work_y_mm=100, work_z_mm=100,
    )  # fmt: skip
    cup = make_published(
        author=member, staff=staff, space=space, title="Cup holder", tags="cup, coffee",
        category="eating_drinking", needs=["limited_grip"], easy_read_description="Ein Halter.",
    )  # fmt: skip
    button = make_published(
        author=member, staff=staff, space=space, title="Emergency button adapter",
        summary="Makes the red button in accessible toilets easy to press.",
        category="emergency_safety", needs=["limited_reach", "limited_grip"],
        licence=Licence.CC_BY,
    )  # fmt: skip
    make_design(author=member, space=space, title="Secret cup draft")
    add_file(cup, member, stl_upload(size=20), django_capture_on_commit_callbacks)
    add_file(button, member, stl_upload(size=300), django_capture_on_commit_callbacks)

    def titles(**kwargs):
        return sorted(d.title for d in selectors.design_search(**kwargs))

    assert titles() == ["Cup holder", "Emergency button adapter"]
    assert titles(q="cup") == ["Cup holder"]
    assert titles(q="coffee") == ["Cup holder"]
    assert titles(category="emergency_safety") == ["Emergency button adapter"]
    assert titles(need="limited_grip") == ["Cup holder", "Emergency button adapter"]
    assert titles(need="limited_reach") == ["Emergency button adapter"]
    assert titles(licence=Licence.CC_BY) == ["Emergency button adapter"]
    assert titles(easy_read=True) == ["Cup holder"]
    assert titles(fits_machine=printer.pk) == ["Cup holder"]
    assert titles(fits_my_machines=True, user=member) == ["Cup holder"]
    assert titles(fits_my_machines=True, user=UserFactory()) == []
    assert titles(space="nowhere") == []


def test_drafts_are_visible_only_to_author_and_staff(space, member, staff):
    from django.http import Http404

    design = make_design(author=member, space=space)
    assert selectors.design_get_for_user(slug=design.slug, user=member) == design
    assert selectors.design_get_for_user(slug=design.slug, user=staff) == design
    with pytest.raises(Http404):
        selectors.design_get_for_user(slug=design.slug, user=None)
    with pytest.raises(Http404):
        selectors.design_get_for_user(slug=design.slug, user=UserFactory())


def test_space_section_lists_published_designs(space, member, staff):
    assert selectors.space_section(space=space, user=None) is None
    design = make_published(author=member, staff=staff, space=space)
    section = selectors.space_section(space=space, user=None)
    assert section["designs"] == [design]
    assert section["template"] == "designs/partials/space_section.html"


def test_postgres_full_text_search_uses_german_stemming(postgres_only, space, member, staff):
    from django.db import connection

    make_published(author=member, staff=staff, space=space, title="Becherhalter",
                   summary="Hält Becher am Automaten sicher fest.")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Notrufknopf",
                   summary="Druckplatte für den Knopf.")  # fmt: skip
    # "Bechern" is not a substring of the text, but German stemming finds "Becher".
    assert [d.title for d in selectors.design_search(q="Bechern")] == ["Becherhalter"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'designs_design_search_vector_gin'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'designs_design' AND column_name = 'search_vector'"
        )
        (expression,) = cursor.fetchone()
    assert "gin" in definition.lower() and "search_vector" in definition
    assert "german" in expression
    # The column follows edits: the generated vector is recomputed by PostgreSQL.
    design = Design.objects.get(title="Notrufknopf")
    services.design_update(design=design, user=member, summary="Passt auf Bechern.")
    assert sorted(d.title for d in selectors.design_search(q="Becher")) == [
        "Becherhalter", "Notrufknopf",
    ]  # fmt: skip


def test_search_finds_german_compounds_by_their_first_word(space, member, staff):
    """Runs on SQLite (icontains) and PostgreSQL (prefix tsquery)."""
    make_published(author=member, staff=staff, space=space,
                   title="Becherhalter für den Kaffeeautomaten")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Notrufknopf")  # fmt: skip
    titles = [d.title for d in selectors.design_search(q="Becher")]
    assert titles == ["Becherhalter für den Kaffeeautomaten"]
    assert [d.title for d in selectors.design_search(q="becher kaffee")] == titles
    assert list(selectors.design_search(q="Becher Notruf")) == []


def test_search_terms_keep_only_letters_and_digits():
    assert selectors.search_terms("Becher's:* & |Halter! (3D)") == [
        "becher", "s", "halter", "3d",
    ]  # fmt: skip
    assert selectors.prefix_tsquery("Größe ÖL") == "größe:* & öl:*"
    assert selectors.prefix_tsquery("':&|!()<->*\\") == ""
    assert len(selectors.search_terms(" ".join(["a"] * 20))) == selectors.MAX_SEARCH_TERMS


def test_postgres_prefix_search_is_safe_ranked_and_uses_the_index(
    postgres_only, space, member, staff
):
    from django.db import connection

    make_published(author=member, staff=staff, space=space,
                   title="Becherhalter für den Kaffeeautomaten",
                   summary="Hält Becher, Kaffeebecher und Becherdeckel.")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Notrufknopf",
                   description="Ein Becherhalter passt auch daneben.")  # fmt: skip
    # The older design matches more often: relevance puts it first, "newest" does not.
    assert [d.title for d in selectors.design_search(q="Becher", sort="relevance")] == [
        "Becherhalter für den Kaffeeautomaten", "Notrufknopf",
    ]  # fmt: skip
    assert [d.title for d in selectors.design_search(q="Becher", sort="newest")] == [
        "Notrufknopf", "Becherhalter für den Kaffeeautomaten",
    ]  # fmt: skip
    for nasty in ["Becher':*", "Becher & | ! ( )", '"Becher"', "Becher:*Kaffee", "Becher\\'); --"]:
        assert "Becherhalter für den Kaffeeautomaten" in [
            d.title for d in selectors.design_search(q=nasty)
        ], nasty
    for nothing in ["':&|!", "&&", "der die das"]:  # no words left, or only stop words
        assert list(selectors.design_search(q=nothing)) == [], nothing
    # The prefix query can use the GIN index (on a table this small the planner needs a nudge;
    # bench/design_search.py checks the real plan on 100,000 rows).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM designs_design "
            "WHERE search_vector @@ to_tsquery('german'::regconfig, %s)",
            [selectors.prefix_tsquery("Becher")],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "designs_design_search_vector_gin" in plan, plan


def test_postgres_relevance_ranks_only_the_newest_candidates(
    postgres_only, space, member, staff, monkeypatch
):
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 2)
    make_published(author=member, staff=staff, space=space, title="Becher alt",
                   summary="Becher Becher Becher Becherhalter",
                   category="emergency_safety")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Becher mittel",
                   category="eating_drinking")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Becher neu",
                   summary="Becher Becherdeckel", category="eating_drinking")  # fmt: skip
    make_published(author=member, staff=staff, space=space, title="Notrufknopf")  # fmt: skip

    def titles(**kwargs):
        return [d.title for d in selectors.design_search(q="Becher", **kwargs)]

    # Relevance: the two newest matches, the better match first; the oldest (best) match is
    # left out, as documented.
    assert titles(sort="relevance") == ["Becher neu", "Becher mittel"]
    assert selectors.relevance_capped(q="Becher", sort="relevance", count=2)
    # Other sorts still list every match.
    assert titles(sort="newest") == ["Becher neu", "Becher mittel", "Becher alt"]
    assert sorted(titles(sort="downloads")) == ["Becher alt", "Becher mittel", "Becher neu"]
    assert not selectors.relevance_capped(q="Becher", sort="newest", count=3)
    # Filters apply before the cut: the candidates are the newest *matching* designs.
    assert titles(sort="relevance", category="emergency_safety") == ["Becher alt"]
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 1000)
    assert titles(sort="relevance") == ["Becher alt", "Becher neu", "Becher mittel"]
    assert not selectors.relevance_capped(q="Becher", sort="relevance", count=3)


def test_postgres_library_says_when_relevance_is_capped(
    postgres_only, client, space, member, staff, monkeypatch
):
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 2)
    for age in ("alt", "mittel", "neu"):
        make_published(author=member, staff=staff, space=space, title=f"Becher {age}")
    client.cookies["makerhub_language"] = "en"
    from django.urls import reverse

    html = client.get(reverse("design-list"), {"q": "Becher"}).content.decode()
    assert "the 2 newest matches are shown" in html
    assert "Becher alt" not in html and "Becher neu" in html
    html = client.get(reverse("design-list"), {"q": "Becher", "sort": "newest"}).content.decode()
    assert "newest matches are shown" not in html and "Becher alt" in html
