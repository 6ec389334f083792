"""Demo machines and the qualifications some of them require. Makes and sizes are typical
of such workshops; prices follow the spaces' habit of asking a small contribution."""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from bookings.models import KIND_DEFAULTS, Machine, Qualification
from spaces.models import Space

K = Machine.Kind

QUALIFICATIONS = {
    ("dezentrale", "laser"): "Lasercutter-Sicherheitseinweisung (Dezentrale)",
    ("dezentrale", "cnc"): "CNC-Fräse-Einweisung (Dezentrale)",
    ("urbanisten", "cnc"): "CNC-Fräse-Einweisung (Urbanisten)",
    ("urbanisten", "saw"): "Sägen-Einweisung (Urbanisten)",
    ("luzi", "cnc"): "Großformat-CNC-Einweisung (LUZI)",
}

# space, slug, name, kind, make/model, (x, y, z), materials, member €/h, guest €/h, qualification
MACHINES = [
    (
        "awo-makerspace",
        "prusa-mk4",
        "3D-Drucker Prusa MK4",
        K.FDM_PRINTER,
        "Prusa Research MK4",
        (250, 210, 220),
        "PLA, PETG, TPU",
        "0",
        "2",
        None,
    ),
    (
        "awo-makerspace",
        "prusa-mini",
        "3D-Drucker Prusa MINI+",
        K.FDM_PRINTER,
        "Prusa MINI+",
        (180, 180, 180),
        "PLA, PETG",
        "0",
        "1",
        None,
    ),
    (
        "dezentrale",
        "ultimaker-s5",
        "3D-Drucker Ultimaker S5",
        K.FDM_PRINTER,
        "Ultimaker S5",
        (330, 240, 300),
        "PLA, PETG, ABS",
        "1",
        "3",
        None,
    ),
    (
        "dezentrale",
        "prusa-mk3s",
        "3D-Drucker Prusa i3 MK3S+",
        K.FDM_PRINTER,
        "Prusa i3 MK3S+",
        (250, 210, 210),
        "PLA, PETG",
        "1",
        "2",
        None,
    ),
    (
        "dezentrale",
        "form3",
        "Resin-Drucker Form 3",
        K.RESIN_PRINTER,
        "Formlabs Form 3",
        (145, 145, 185),
        "Standard-Resin",
        "3",
        "6",
        None,
    ),
    (
        "dezentrale",
        "lasercutter",
        "Lasercutter 60 W",
        K.LASER_CUTTER,
        "CO2-Laser 60 W",
        (600, 400, 150),
        "Sperrholz bis 6 mm, Acryl, Karton, Leder",
        "5",
        "10",
        "laser",
    ),
    (
        "dezentrale",
        "cnc-fraese",
        "CNC-Fräse",
        K.CNC,
        "Stepcraft D.600",
        (600, 420, 140),
        "Holz, Kunststoff, Aluminium",
        "4",
        "8",
        "cnc",
    ),
    (
        "urbanisten",
        "cnc-fraese",
        "CNC-Fräse für Holz",
        K.CNC,
        "High-Z S-1000",
        (1000, 600, 110),
        "Massivholz, Sperrholz, MDF",
        "4",
        "8",
        "cnc",
    ),
    (
        "urbanisten",
        "formatkreissaege",
        "Formatkreissäge",
        K.OTHER,
        "Formatkreissäge 3,2 m",
        None,
        "Holz, Plattenwerkstoffe",
        "3",
        "5",
        "saw",
    ),
    (
        "urbanisten",
        "bandsaege",
        "Bandsäge",
        K.OTHER,
        "Bandsäge 400 mm",
        None,
        "Holz",
        "2",
        "4",
        "saw",
    ),
    (
        "luzi",
        "grossformat-cnc",
        "Großformat-CNC für Möbelbau",
        K.CNC,
        "Portalfräse 2500 × 1250",
        (2500, 1250, 150),
        "Plattenwerkstoffe, Massivholz",
        "6",
        "12",
        "cnc",
    ),
    (
        "luzi",
        "lasercutter",
        "Lasercutter 40 W",
        K.LASER_CUTTER,
        "CO2-Laser 40 W",
        (500, 300, 100),
        "Sperrholz bis 4 mm, Karton",
        "3",
        "6",
        None,
    ),
]


def seed(*, stdout: TextIO) -> None:
    spaces = {space.slug: space for space in Space.objects.all()}
    qualifications = {}
    for (space_slug, key), name in QUALIFICATIONS.items():
        qualifications[(space_slug, key)], _ = Qualification.objects.get_or_create(
            space=spaces[space_slug],
            name=name,
            defaults={"valid_for_days": 730, "description": "Sicherer Umgang mit der Maschine."},
        )
    for space_slug, slug, name, kind, make, area, materials, member, guest, qual in MACHINES:
        x, y, z = area or (None, None, None)
        Machine.objects.get_or_create(
            space=spaces[space_slug],
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "make_model": make,
                "work_x_mm": x,
                "work_y_mm": y,
                "work_z_mm": z,
                "materials": materials,
                "price_member_per_hour": Decimal(member),
                "price_guest_per_hour": Decimal(guest),
                "required_qualification": qualifications.get((space_slug, qual)) if qual else None,
                **KIND_DEFAULTS[kind],
            },
        )
