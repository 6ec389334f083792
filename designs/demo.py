"""Demo designs: the Bottle Opener by Makers Making Change (real files, CC BY-SA 4.0, with its
attribution) and the aids the AWO Makerspace is known for, modelled here by code as clearly
marked example geometry. Idempotent: a design that exists already is left alone."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from designs import services
from designs.models import Design, DesignDocument, Licence
from designs.render import render_png
from designs.stl import read_triangles
from spaces.models import Space

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
BOTTLE_OPENER = DEMO_FILES / "bottle-opener"
AUTHOR = "staff.awo@makerhub.example"
MAKER = "member@makerhub.example"


# --- example geometry -------------------------------------------------------------------------


def _write_stl(triangles: np.ndarray, path: Path) -> Path:
    triangles = np.asarray(triangles, "<f4")
    records = np.zeros(len(triangles), [("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")])
    records["v"] = triangles
    with path.open("wb") as handle:
        handle.write(b"MakerHub example geometry (made by code)".ljust(80, b" "))
        handle.write(np.uint32(len(triangles)).astype("<u4").tobytes())
        records.tofile(handle)
    return path


def ring_with_tab(
    *, inner_mm: float, outer_mm: float, tab_mm: float, tab_deg: float, height_mm: float
) -> np.ndarray:
    """A flat ring whose outline swells smoothly into a tab (a handle or a clamp plate),
    extruded to ``height_mm``: one closed, consistently wound body without boolean ops."""
    steps = 144
    angles = np.linspace(0, 2 * math.pi, steps, endpoint=False)
    distance = np.abs((angles + math.pi) % (2 * math.pi) - math.pi)  # to the tab's centre
    half = math.radians(tab_deg) / 2
    bump = np.clip(1 - distance / half, 0, 1)
    outer = outer_mm + tab_mm * (3 * bump**2 - 2 * bump**3)  # smoothstep
    cos, sin = np.cos(angles), np.sin(angles)
    ring_in = np.stack([inner_mm * cos, inner_mm * sin], axis=1)
    ring_out = np.stack([outer * cos, outer * sin], axis=1)
    faces = []
    for i in range(steps):
        j = (i + 1) % steps
        a_in, b_in, a_out, b_out = ring_in[i], ring_in[j], ring_out[i], ring_out[j]

        def p(xy: np.ndarray, z: float) -> list[float]:
            return [float(xy[0]), float(xy[1]), z]

        top, bottom = height_mm, 0.0
        # top (+z) and bottom (-z)
        faces += [[p(a_in, top), p(a_out, top), p(b_out, top)],
                  [p(a_in, top), p(b_out, top), p(b_in, top)],
                  [p(a_in, bottom), p(b_out, bottom), p(a_out, bottom)],
                  [p(a_in, bottom), p(b_in, bottom), p(b_out, bottom)]]  # fmt: skip
        # outer wall (faces outwards) and inner wall (faces the hole)
        faces += [[p(a_out, bottom), p(b_out, bottom), p(b_out, top)],
                  [p(a_out, bottom), p(b_out, top), p(a_out, top)],
                  [p(a_in, bottom), p(b_in, top), p(b_in, bottom)],
                  [p(a_in, bottom), p(a_in, top), p(b_in, top)]]  # fmt: skip
    return np.asarray(faces, np.float32)


def button_adapter() -> np.ndarray:
    """A cap that fits over a round emergency button (30 mm) with a wide push plate."""
    import trimesh

    profile = np.array(
        [[0, 12], [16.5, 12], [16.5, 0], [21, 0], [21, 9], [42, 9], [45, 12], [45, 16], [0, 16]],
        float,
    )
    mesh = trimesh.creation.revolve(profile, sections=96)
    return np.asarray(mesh.vertices[mesh.faces], np.float32)


# --- helpers ----------------------------------------------------------------------------------


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def _photo_from(stl_path: Path, name: str) -> SimpleUploadedFile:
    png = render_png(read_triangles(stl_path), size=480)
    return SimpleUploadedFile(name, png, content_type="image/png")


def _publish(
    *,
    slug: str,
    author: User,
    space: Space,
    fields: dict[str, Any],
    guide: str,
    variants: list[tuple[str, str, Path]],
    photo_alt: str,
    extra_docs: dict[str, str] | None = None,
    example: bool = False,
) -> Design:
    design = services.design_create(author=author, space=space, **fields)
    if design.slug != slug:
        Design.objects.filter(pk=design.pk).update(slug=slug)
        design.refresh_from_db()
    if example:
        Design.objects.filter(pk=design.pk).update(is_example_geometry=True)
        design.refresh_from_db()
    services.document_set(
        design=design, user=author, kind=DesignDocument.Kind.USER_GUIDE, text=guide
    )
    for kind, text in (extra_docs or {}).items():
        services.document_set(design=design, user=author, kind=kind, text=text)
    for position, (name, suits, path) in enumerate(variants):
        variant = None
        if len(variants) > 1:
            variant = services.variant_create(
                design=design, user=author, name=name, suits=suits, position=position
            )
        services.design_file_add(design=design, user=author, upload=_upload(path), variant=variant)
    services.photo_add(
        design=design, user=author, image=_photo_from(variants[0][2], f"{slug}.png"),
        alt_text=photo_alt,
    )  # fmt: skip
    services.design_submit(design=design, user=author)
    return services.design_publish(design=design, user=author)


# --- the demo designs -------------------------------------------------------------------------

BOTTLE_SIZES = [
    (30, "für kleine Deckel um 30 mm, z. B. Wasserflaschen mit schmalem Hals"),
    (35, "für Deckel um 35 mm, z. B. Saftflaschen"),
    (40, "für Deckel um 40 mm, z. B. Milchflaschen"),
    (45, "für Deckel um 45 mm, z. B. breite Saftflaschen"),
    (50, "für große Deckel um 50 mm, z. B. Gläser mit Schraubdeckel"),
]


def _bottle_opener(author: User, space: Space) -> Design:
    attribution = (BOTTLE_OPENER / "ATTRIBUTION.md").read_text(encoding="utf-8")
    return _publish(
        slug="flaschenoeffner",
        author=author,
        space=space,
        fields={
            "title": "Flaschenöffner für Schraubdeckel",
            "summary": "Ein großer, runder Griff, der Schraubdeckel mit wenig Kraft öffnet "
            "und schließt – in fünf Größen.",
            "licence": Licence.CC_BY_SA,
            "category": "household",
            "tags": "Flasche, Deckel, Öffner, Arthritis",
            "needs": ["limited_grip", "limited_dexterity"],
            "co_designers_text": "Neil Squire / Makers Making Change",
            "attribution": attribution,
            "description": "Der Flaschenöffner hilft Menschen mit Arthritis oder wenig Kraft "
            "in den Fingern, Schraubdeckel zu öffnen und zu schließen. Der große, abgerundete "
            "Griff umschließt den Deckel; ein leichtes Zusammendrücken genügt.\n\n"
            "Entwurf: **Neil Squire / Makers Making Change** "
            "([Projektseite](https://makersmakingchange.com/project/bottle-opener/)), "
            "lizenziert unter CC BY-SA 4.0. Die Namensnennung bleibt bei jeder Kopie erhalten.",
            "easy_read_description": "Das ist ein Flaschen-Öffner.\nSie legen ihn um den "
            "Deckel.\nSie drücken leicht.\nDann dreht sich der Deckel.",
            "material": "PLA",
            "nozzle_mm": "0.40",
            "layer_height_mm": "0.20",
            "infill_percent": 20,
            "supports": "none",
            "orientation": "flach auf dem Druckbett",
            "print_minutes": 120,
        },
        guide="1. Wählen Sie die Größe, die zu Ihrem Deckel passt.\n"
        "2. Legen Sie den Öffner um den Deckel.\n"
        "3. Drücken Sie den Griff leicht zusammen und drehen Sie.",
        variants=[
            (f"{mm} mm", suits, BOTTLE_OPENER / f"Bottle_Opener_{mm}.stl")
            for mm, suits in BOTTLE_SIZES
        ],
        photo_alt="Gerenderte Ansicht des Flaschenöffners: ein flacher, gebogener Griff "
        "mit runder Öffnung für den Deckel.",
    )


def _example_designs(author: User, space: Space, folder: Path) -> list[Design]:
    made: list[Design] = []
    cups = []
    for name, inner, suits in (
        ("S", 36.0, "für schmale Becher um 70 mm, z. B. am Kaffeeautomaten im Flur"),
        ("M", 41.0, "für Standardbecher um 80 mm"),
        ("L", 46.0, "für große Becher und Tassen um 90 mm"),
    ):
        path = _write_stl(
            ring_with_tab(
                inner_mm=inner, outer_mm=inner + 5, tab_mm=55, tab_deg=40, height_mm=12
            ),  # fmt: skip
            folder / f"becherhalter-{name.lower()}.stl",
        )
        cups.append((f"Größe {name}", suits, path))
    makers: list[tuple[str, Callable[[], Design]]] = [
        (
            "becherhalter-ring",
            lambda: _publish(
                slug="becherhalter-ring",
                author=author,
                space=space,
                fields={
                    "title": "Becherhalter-Ring mit Griff",
                    "summary": "Ein Ring mit breitem Griff, in den der Becher am "
                    "Kaffeeautomaten gestellt wird – sicher tragen mit wenig Greifkraft.",
                    "licence": Licence.CC_BY_SA,
                    "category": "eating_drinking",
                    "tags": "Becher, Kaffee, Griff, Automat",
                    "needs": ["limited_grip", "tremor", "one_handed"],
                    "co_designers_text": "AWO Makerspace mit Nutzerinnen und Nutzern",
                    "description": "Beispielgeometrie für die Demo: ein Ring mit Griff in drei "
                    "Größen, per Programm erzeugt.",
                    "material": "PETG",
                    "layer_height_mm": "0.20",
                    "infill_percent": 30,
                    "supports": "none",
                    "print_minutes": 90,
                },
                guide="Stellen Sie den Becher in den Ring und tragen Sie ihn am Griff.",
                variants=cups,
                photo_alt="Gerenderte Ansicht: flacher Ring mit breitem Griff.",
                example=True,
            ),
        ),
        (
            "notrufknopf-adapter",
            lambda: _publish(
                slug="notrufknopf-adapter",
                author=author,
                space=space,
                fields={
                    "title": "Adapter für den roten Notrufknopf",
                    "summary": "Eine große Druckplatte über dem Notrufknopf in barrierefreien "
                    "Toiletten: auslösen mit Handballen, Ellbogen oder Faust.",
                    "licence": Licence.CC_BY,
                    "category": "emergency_safety",
                    "tags": "Notruf, Knopf, Toilette",
                    "needs": ["limited_grip", "limited_reach", "limited_dexterity"],
                    "co_designers_text": "AWO Makerspace",
                    "description": "Beispielgeometrie für die Demo: eine Kappe für Knöpfe um "
                    "30 mm mit 90 mm breiter Druckplatte.",
                    "material": "PLA",
                    "layer_height_mm": "0.20",
                    "infill_percent": 25,
                    "supports": "none",
                    "orientation": "Druckplatte nach unten",
                    "print_minutes": 75,
                },
                guide="Setzen Sie die Kappe über den Knopf. Prüfen Sie mit dem Haustechnik-Team, "
                "dass der Notruf auslöst.",
                variants=[
                    (
                        "30 mm",
                        "für runde Knöpfe um 30 mm",
                        _write_stl(button_adapter(), folder / "notrufknopf-adapter.stl"),
                    )
                ],
                photo_alt="Gerenderte Ansicht: runde, flache Kappe mit breiter Druckplatte.",
                example=True,
            ),
        ),
        (
            "rollstuhl-handyhalter",
            lambda: _publish(
                slug="rollstuhl-handyhalter",
                author=author,
                space=space,
                fields={
                    "title": "Handyhalter für den Rollstuhl",
                    "summary": "Eine Klemme für das Rohr am Rollstuhl mit einer Platte für das "
                    "Smartphone.",
                    "licence": Licence.CC_BY_SA,
                    "category": "mobility_wheelchair",
                    "tags": "Rollstuhl, Handy, Smartphone, Halter",
                    "needs": ["wheelchair", "one_handed"],
                    "co_designers_text": "AWO Makerspace",
                    "description": "Beispielgeometrie für die Demo: Klemmring für Rohre um "
                    "25 mm mit Halteplatte.",
                    "material": "PETG",
                    "layer_height_mm": "0.20",
                    "infill_percent": 40,
                    "supports": "none",
                    "print_minutes": 60,
                },
                guide="Klemmen Sie den Ring an das Rohr und befestigen Sie das Handy mit einem "
                "Gummiband an der Platte.",
                variants=[
                    (
                        "25 mm",
                        "für Rohre um 25 mm",
                        _write_stl(
                            ring_with_tab(
                                inner_mm=12.6, outer_mm=17, tab_mm=60, tab_deg=50, height_mm=20
                            ),  # fmt: skip
                            folder / "rollstuhl-handyhalter.stl",
                        ),
                    )
                ],
                photo_alt="Gerenderte Ansicht: Klemmring mit breiter, flacher Platte.",
                example=True,
            ),
        ),
    ]
    for slug, make in makers:
        if not Design.objects.filter(slug=slug).exists():
            made.append(make())
    return made


def seed(*, stdout: TextIO) -> None:
    space = Space.objects.filter(slug="awo-makerspace").first()
    author = User.objects.filter(email=AUTHOR).first()
    if space is None or author is None:
        stdout.write("  designs: AWO Makerspace or its staff missing, skipped")
        return
    made = []
    if not Design.objects.filter(slug="flaschenoeffner").exists():
        made.append(_bottle_opener(author, space))
    with tempfile.TemporaryDirectory(prefix="makerhub-demo-") as folder:
        made += _example_designs(author, space, Path(folder))
    maker = User.objects.filter(email=MAKER).first()
    opener = Design.objects.filter(slug="flaschenoeffner").first()
    if maker and opener and not opener.makes.exists():
        services.make_create(
            design=opener, user=maker, printer="Prusa MK4", material="PLA",
            note="Größe 40 mm passt auf unsere Milchflaschen.",
        )  # fmt: skip
    stdout.write(
        f"  designs: {len(made)} published"
        + (f" ({', '.join(d.slug for d in made)})" if made else " (all there already)")
    )
