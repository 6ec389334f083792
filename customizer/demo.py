"""Demo part of the customizer: three parametric aids written for the demo, as designs of the
AWO Makerspace, each with its OpenSCAD source attached (see ``demo_scad/``).

Seeding never needs OpenSCAD: renders happen later, when someone asks for one. The designs
app's review asks for a photo before publishing; where OpenSCAD is installed the seed renders
each design once in its default size and adds that computer rendering as the picture (its
description says so) and publishes the design. Without OpenSCAD the designs stay in review,
visible to the AWO staff, who can publish them once a picture is added.

Also picks up any parametric ``.scad`` file under ``../shared/fixtures`` as a draft."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from customizer import render, scad, services
from customizer.models import ParametricSource
from designs.models import Design
from spaces.models import Space

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "demo_scad"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
SPACE = "awo-makerspace"
AUTHOR = "host.awo@makerhub.example"
REVIEWER = "staff.awo@makerhub.example"

DESIGNS: list[dict[str, Any]] = [
    {
        "file": "cup-holder.scad",
        "title": "Becherhalter mit Griff für Automatenbecher",
        "summary": (
            "Ein Halter mit großem Griff für dünne Getränkeautomaten-Becher: Sie passen ihn "
            "an Ihren Becher und Ihre Hand an."
        ),
        "description": (
            "Dünne Plastikbecher aus dem Getränkeautomaten geben unter dem Griff nach und "
            "sind für Menschen mit wenig Kraft in den Händen oder mit Tremor schwer zu halten. "
            "Der Halter umschließt den Becher und hat einen dicken Griff.\n\n"
            "Passen Sie ihn an: Becherdurchmesser, Wandstärke, Grifflänge und "
            "Griffdurchmesser. Für die Demo von MakerHub geschrieben; noch nicht mit "
            "Nutzerinnen und Nutzern erprobt."
        ),
        "easy_read": (
            "Das ist ein Halter für einen Becher. Der Halter hat einen dicken Griff. "
            "Sie können den Becher so leichter halten. Sie geben Ihre Maße ein. "
            "Dann passt der Halter genau."
        ),
        "category": "eating_drinking",
        "needs": ["limited_grip", "tremor"],
        "tags": "Becher, Griff, Trinken, anpassbar",
        "guide": (
            "1. Messen Sie Ihren Becher oben am Rand von Außenkante zu Außenkante.\n"
            "2. Geben Sie das Maß als Becherdurchmesser ein. Wählen Sie Grifflänge und "
            "Griffdurchmesser für die Hand, die den Becher halten wird.\n"
            "3. Drucken Sie den Halter stehend, mit dem Griff flach auf dem Druckbett.\n"
            "4. Stellen Sie den Becher von oben hinein. Er klemmt leicht im schrägen Ring.\n"
            "Reinigen Sie den Halter mit lauwarmem Wasser, nicht in der Spülmaschine (PLA)."
        ),
        "print": {"material": "PETG", "layer_height_mm": "0.20", "infill_percent": 20},
        "supports": "none",
        "alt": (
            "Computerbild (keine Fotografie) des Becherhalters in der Standardgröße: ein "
            "schräger Ring für einen 70-mm-Becher mit einem waagerechten, runden Griff."
        ),
    },
    {
        "file": "emergency-button-adapter.scad",
        "title": "Hebel-Aufsatz für runde Notruf- und Ruftaster",
        "summary": (
            "Eine Kappe mit Hebel für runde Taster: drücken mit Handrücken, Ellbogen oder Knie "
            "statt mit einem Finger."
        ),
        "description": (
            "Runde Not- und Ruftaster brauchen oft einen gezielten, kräftigen Druck mit einem "
            "Finger. Der Aufsatz sitzt auf der Kappe des Tasters; ein breiter Hebel verteilt "
            "den Druck, sodass auch ein ungenauer Druck mit der ganzen Hand reicht.\n\n"
            "Passen Sie Tasterdurchmesser, Tasterhöhe, Hebellänge und Hebelbreite an. Für die "
            "Demo von MakerHub geschrieben; noch nicht mit Nutzerinnen und Nutzern erprobt. "
            "Prüfen Sie nach dem Aufsetzen immer, ob der Taster sicher auslöst."
        ),
        "easy_read": (
            "Das ist ein Aufsatz für einen runden Knopf. Der Aufsatz hat einen breiten Hebel. "
            "Sie können den Knopf dann mit der Hand oder dem Arm drücken."
        ),
        "category": "emergency_safety",
        "needs": ["limited_dexterity", "limited_grip"],
        "tags": "Taster, Notruf, Hebel, anpassbar",
        "guide": (
            "1. Messen Sie die runde Kappe des Tasters quer von Rand zu Rand.\n"
            "2. Geben Sie Durchmesser und Höhe der Kappe ein und wählen Sie die Hebellänge.\n"
            "3. Drucken Sie den Aufsatz mit der flachen Hebelseite auf dem Druckbett.\n"
            "4. Setzen Sie die Kappe auf den Taster und prüfen Sie mehrmals, ob er auslöst."
        ),
        "print": {"material": "PLA", "layer_height_mm": "0.20", "infill_percent": 30},
        "supports": "none",
        "alt": (
            "Computerbild (keine Fotografie) des Hebel-Aufsatzes: eine runde Kappe für einen "
            "40-mm-Taster auf einer flachen, länglichen Hebelplatte."
        ),
    },
    {
        "file": "wheelchair-phone-clamp.scad",
        "title": "Handyhalter-Klemme für Rollstuhlrohre",
        "summary": (
            "Eine Klemme für das Rohr am Rollstuhl mit einer Halterung für Ihr Telefon, "
            "angepasst an Rohr und Telefon."
        ),
        "description": (
            "Die Klemme wird mit einer Schraube an einem Rohr des Rollstuhls befestigt, z. B. "
            "an der Armlehne. Das Telefon steckt in einer Schale mit seitlichen Lippen.\n\n"
            "Passen Sie Rohrdurchmesser, Telefonbreite, Telefondicke und Schraubengröße an. "
            "Für die Demo von MakerHub geschrieben; noch nicht mit Nutzerinnen und Nutzern "
            "erprobt."
        ),
        "easy_read": (
            "Das ist ein Halter für ein Handy. Der Halter kommt an den Rollstuhl. "
            "Sie geben die Maße von Rohr und Handy ein. Dann passt der Halter genau."
        ),
        "category": "mobility_wheelchair",
        "needs": ["wheelchair", "limited_reach"],
        "tags": "Rollstuhl, Handy, Halter, anpassbar",
        "guide": (
            "1. Messen Sie den Umfang des Rohrs mit einem Papierstreifen und teilen Sie durch "
            "3,14.\n"
            "2. Messen Sie Breite und Dicke des Telefons mit Hülle.\n"
            "3. Drucken Sie die Klemme liegend, wie sie aus der Datei kommt.\n"
            "4. Legen Sie die Klemme um das Rohr und ziehen Sie die Schraube mit Mutter an."
        ),
        "print": {"material": "PETG", "layer_height_mm": "0.20", "infill_percent": 40},
        "supports": "none",
        "alt": (
            "Computerbild (keine Fotografie) der Klemme: ein offener Ring mit zwei Laschen "
            "für die Schraube, verbunden mit einer Schale für das Telefon."
        ),
    },
]


def _picture(source: str) -> bytes | None:
    """A computer rendering of the default size, or None without OpenSCAD."""
    if render.openscad_path() is None:
        return None
    parsed = scad.parse(source)
    defaults = scad.clean_values(parsed, {})
    result = render.render_stl(source, scad.define_arguments(parsed, defaults))
    if not result.ok:
        log.warning("demo render failed: %s", result.status)
        return None
    return services._preview_png(result.stl)


def _seed_design(entry: dict[str, Any], space: Space, author: User, reviewer: User) -> str:
    from designs import services as design_services

    source_text = (HERE / entry["file"]).read_text(encoding="utf-8")
    existing = ParametricSource.objects.filter(
        filename=entry["file"], design__space=space
    ).select_related("design")
    for attached in existing:
        if attached.source != source_text:
            services.parametric_source_attach(
                design=attached.design, source=source_text, filename=entry["file"], user=author
            )
        return "kept"
    design = design_services.design_create(
        author=author,
        space=space,
        title=entry["title"],
        summary=entry["summary"],
        licence="CC-BY-SA-4.0",
        description=entry["description"],
        easy_read_description=entry["easy_read"],
        category=entry["category"],
        tags=entry["tags"],
        needs=entry["needs"],
        supports=entry["supports"],
        **entry["print"],
    )
    Design.objects.filter(pk=design.pk).update(is_example_geometry=True)
    services.parametric_source_attach(
        design=design, source=source_text, filename=entry["file"], user=author
    )
    design_services.document_set(design=design, user=author, kind="user_guide", text=entry["guide"])
    picture = _picture(source_text)
    if picture is None:
        design_services.design_submit(design=design, user=author)
        return "in review (no OpenSCAD for its picture)"
    design_services.photo_add(
        design=design,
        user=author,
        image=SimpleUploadedFile(entry["file"][:-5] + ".png", picture, "image/png"),
        alt_text=entry["alt"],
    )
    design_services.design_submit(design=design, user=author)
    design_services.design_publish(design=design, user=reviewer)
    return "published"


def _fixture_sources() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    return sorted(FIXTURES.rglob("*.scad"))


def seed(*, stdout: TextIO) -> None:
    space = Space.objects.filter(slug=SPACE).first()
    author = User.objects.filter(email=AUTHOR).first()
    reviewer = User.objects.filter(email=REVIEWER).first()
    if space is None or author is None or reviewer is None:
        stdout.write("customizer: the AWO Makerspace demo space or people are missing; skipped")
        return
    for entry in DESIGNS:
        outcome = _seed_design(entry, space, author, reviewer)
        stdout.write(f"customizer: {entry['title']}: {outcome}")
    for path in _fixture_sources():
        _seed_fixture(path, space, author, stdout)


def _seed_fixture(path: Path, space: Space, author: User, stdout: TextIO) -> None:
    """A parametric SCAD file from the shared fixtures, as a draft for the staff to review."""
    from designs import services as design_services

    source_text = path.read_text(encoding="utf-8", errors="replace")
    parsed = scad.parse(source_text)
    if not parsed.parameters or scad.file_access(source_text):
        stdout.write(f"customizer: {path.name}: not customisable, skipped")
        return
    if ParametricSource.objects.filter(filename=path.name, design__space=space).exists():
        return
    design = design_services.design_create(
        author=author,
        space=space,
        title=path.stem.replace("_", " ").replace("-", " ").capitalize(),
        summary="Parametrisches Design aus den gemeinsamen Beispieldateien.",
        licence="CC-BY-SA-4.0",
    )
    services.parametric_source_attach(
        design=design, source=source_text, filename=path.name, user=author
    )
    stdout.write(f"customizer: {path.name}: draft")
