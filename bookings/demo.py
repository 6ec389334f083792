"""Demo machines and the qualifications some of them require. Makes and sizes are typical
of such workshops; prices follow the spaces' habit of asking a small contribution."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from bookings import selectors
from bookings.models import KIND_DEFAULTS, Booking, Machine, Qualification, QualificationGrant
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
    seed_grants(qualifications=qualifications)
    seed_bookings(stdout=stdout)


# Who already holds which induction, so that machines needing one are bookable in the demo.
DEMO_GRANTS = [
    ("member@makerhub.example", ("urbanisten", "saw")),
    ("maker@makerhub.example", ("dezentrale", "laser")),
]


def seed_grants(*, qualifications: dict) -> None:
    for email, key in DEMO_GRANTS:
        user = User.objects.filter(email=email).first()
        if user is None or key not in qualifications:
            continue
        QualificationGrant.objects.get_or_create(
            user=user,
            qualification=qualifications[key],
            source="demo",
            defaults={"granted_at": timezone.now(), "note": "Demo"},
        )


# (person, space, machine slug, minutes, note): placed on the next free slots from tomorrow.
DEMO_BOOKINGS = [
    ("member@makerhub.example", "awo-makerspace", "prusa-mk4", 120, "Becherhalter drucken"),
    ("member@makerhub.example", "dezentrale", "ultimaker-s5", 180, ""),
    ("maker@makerhub.example", "dezentrale", "prusa-mk3s", 90, "Ersatzteil für Fahrrad"),
    ("maker@makerhub.example", "dezentrale", "form3", 120, ""),
    ("member@makerhub.example", "luzi", "lasercutter", 60, "Schilder für das Beet"),
]
DEMO_NOTE_MARK = "[Demo] "


def seed_bookings(*, stdout: TextIO) -> None:
    """A few bookings on free slots from tomorrow on, once: skipped when demo bookings exist."""
    if Booking.objects.filter(note__startswith=DEMO_NOTE_MARK).exists():
        return
    tomorrow = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow += timedelta(days=1)
    made = 0
    for email, space_slug, slug, minutes, note in DEMO_BOOKINGS:
        user = User.objects.filter(email=email).first()
        machine = (
            Machine.objects.select_related("space")
            .filter(space__slug=space_slug, slug=slug)
            .first()
        )
        if user is None or machine is None:
            continue
        slots = selectors.next_free_slots(machine=machine, minutes=minutes, after=tomorrow, count=1)
        if not slots:
            continue
        Booking.objects.create(
            machine=machine,
            user=user,
            start=slots[0].start,
            end=slots[0].end,
            blocked_until=slots[0].end + timedelta(minutes=machine.buffer_minutes),
            note=DEMO_NOTE_MARK + note,
            price=selectors.price_estimate(machine=machine, user=user, minutes=minutes),
            created_by=user,
        )
        made += 1
    stdout.write(f"Demo bookings: {made}")
