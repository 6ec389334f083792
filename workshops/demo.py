"""Demo workshops drawn from what the spaces really do: upcycling beach chairs from scrap wood
at the Urbanisten, mushroom growing in the Dezentrale's BioLab, 3D-printing basics at the AWO
Makerspace, and an induction for every qualification a machine requires. Dates are relative
to today. Idempotent: workshops are found by space and title; sessions are only added when a
workshop has no upcoming one, sign-ups only when the person is not on the list yet."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from accounts.models import User
from bookings.models import Qualification
from spaces.models import Space
from workshops.models import Session, Signup, Workshop
from workshops.services import _ticket_code

# The sources these workshops are drawn from say nothing about the rooms' accessibility, so the
# demo claims nothing about them (no step-free room, toilet, sign language or large print):
# unknown stays unknown. Only offers the hosts make themselves (breaks when needed) are kept.
UNKNOWN_ROOM = (
    "Zur Barrierefreiheit des Raums haben wir noch keine Angaben. "
    "Bitte fragen Sie die Gastgebenden, bevor Sie kommen."
)

# Accessibility facts earlier versions of the demo made up; a demo database that still holds
# them is corrected (only while the text is unchanged, so edits by hosts are kept).
INVENTED_NOTES = (
    "Werkstatt im Erdgeschoss, stufenlos. Es ist laut: Gehörschutz liegt bereit. Pausen jederzeit.",
    "Eingang über den Hinterhof; eine Stufe am Eingang, eine Rampe kann angelegt werden. "
    "Anleitung in großer Schrift.",
    "Alle Räume stufenlos, barrierefreie Toilette. "
    "Gebärdensprache bitte eine Woche vorher anfragen.",
)

WORKSHOPS: list[dict[str, Any]] = [
    {
        "space": "urbanisten",
        "host": "staff.urbanisten@makerhub.example",
        "title": "Strandkorb aus Restholz bauen",
        "category": Workshop.Category.UPCYCLING,
        "price": "15.00",
        "description": "Aus Paletten und Restholz aus der Werkstatt bauen wir an zwei Abenden "
        "einen Strandkorb für den Balkon oder den Hinterhof. Ihr lernt Sägen, Schrauben und "
        "Schleifen; Vorwissen braucht ihr nicht. Das Holz ist im Beitrag enthalten.",
        "easy_summary": "Wir bauen einen Strandkorb. Wir nehmen altes Holz. "
        "Sie brauchen kein Vorwissen. Wir helfen Ihnen.",
        "quiet_breaks": True,
        "accessibility_notes": "Pausen nach Bedarf: Sagen Sie einfach Bescheid. " + UNKNOWN_ROOM,
        "room": "Offene Holzwerkstatt",
        "sessions": [(9, time(17, 0), time(20, 0)), (16, time(17, 0), time(20, 0))],
        "capacity": 6,
    },
    {
        "space": "dezentrale",
        "host": "host.dezentrale@makerhub.example",
        "title": "Pilze züchten im BioLab",
        "category": Workshop.Category.BIOLAB,
        "price": "0.00",
        "description": "Wir impfen Kaffeesatz und Stroh mit Austernpilz-Brut, besprechen "
        "sauberes Arbeiten im BioLab und schauen uns an, wie aus Myzel Dämmstoff werden kann. "
        "Jede und jeder nimmt eine eigene Pilzkultur mit nach Hause.",
        "easy_summary": "Wir lassen Pilze wachsen. Dafür nehmen wir Kaffee-Reste. "
        "Sie nehmen Ihre Pilze mit nach Hause.",
        "accessibility_notes": UNKNOWN_ROOM,
        "room": "BioLab",
        "sessions": [(6, time(18, 0), time(20, 30))],
        "capacity": 8,
        "repeat_weeks": 4,
    },
    {
        "space": "awo-makerspace",
        "host": "host.awo@makerhub.example",
        "title": "3D-Druck für Einsteigerinnen und Einsteiger",
        "category": Workshop.Category.PRINTING_3D,
        "price": "0.00",
        "description": "Vom Modell zum fertigen Teil: Wir laden eine Vorlage aus der "
        "Hilfsmittel-Bibliothek, passen sie an und drucken sie auf dem Prusa MK4. Am Ende "
        "habt ihr zum Beispiel einen Becherhalter oder einen Griff, der zu euch passt.",
        "easy_summary": "Sie lernen den 3D-Drucker kennen. Wir drucken zusammen ein Teil. "
        "Zum Beispiel einen Becher-Halter.",
        "quiet_breaks": True,
        "accessibility_notes": "Pausen nach Bedarf: Sagen Sie einfach Bescheid. " + UNKNOWN_ROOM,
        "room": "Makerspace, Raum 1",
        "sessions": [(4, time(10, 0), time(13, 0)), (11, time(10, 0), time(13, 0))],
        "capacity": 5,
        "past_session": True,
    },
]

# Inductions: one per qualification a machine requires, run by the space's staff.
INDUCTION_HOSTS = {
    "dezentrale": "staff.dezentrale@makerhub.example",
    "urbanisten": "staff.urbanisten@makerhub.example",
    "luzi": "staff.urbanisten@makerhub.example",
    "awo-makerspace": "staff.awo@makerhub.example",
}

SIGNUPS = [
    ("member@makerhub.example", "Strandkorb aus Restholz bauen", 0, ""),
    (
        "member@makerhub.example",
        "3D-Druck für Einsteigerinnen und Einsteiger",
        0,
        "Ich sitze im Rollstuhl.",
    ),
    ("maker@makerhub.example", "Pilze züchten im BioLab", 0, ""),
    ("maker@makerhub.example", "induction:Lasercutter-Sicherheitseinweisung (Dezentrale)", 0, ""),
]


def _at(space: Space, days: int, clock: time) -> datetime:
    day: date = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, clock, tzinfo=space.zone)


def _add_session(
    workshop: Workshop, *, days: int, start: time, end: time, room: str, capacity: int
) -> Session:
    begins = _at(workshop.space, days, start)
    return Session.objects.create(
        workshop=workshop,
        start=begins,
        end=_at(workshop.space, days, end),
        room=room,
        capacity=capacity,
        signup_deadline=begins - timedelta(hours=24),
    )


def _workshop(space: Space, host: User | None, data: dict[str, Any]) -> tuple[Workshop, bool]:
    fields: dict[str, Any] = {
        key: data[key]
        for key in (
            "description",
            "easy_summary",
            "category",
            "step_free",
            "sign_language",
            "large_print",
            "quiet_breaks",
            "accessibility_notes",
            "grants_qualification",
        )
        if key in data
    }
    fields["price"] = Decimal(data.get("price", "0"))
    workshop, created = Workshop.objects.get_or_create(
        space=space, title=data["title"], defaults=fields
    )
    if not created and workshop.accessibility_notes in INVENTED_NOTES:
        workshop.accessibility_notes = data.get("accessibility_notes", "")
        workshop.step_free = workshop.sign_language = workshop.large_print = False
        workshop.quiet_breaks = bool(data.get("quiet_breaks"))
        workshop.save(
            update_fields=[
                "accessibility_notes",
                "step_free",
                "sign_language",
                "large_print",
                "quiet_breaks",
            ]
        )
    if host is not None and not workshop.hosts.filter(pk=host.pk).exists():
        workshop.hosts.add(host)
    return workshop, created


def _has_upcoming(workshop: Workshop) -> bool:
    return workshop.sessions.filter(start__gt=timezone.now(), cancelled_at__isnull=True).exists()


def seed(*, stdout: TextIO) -> None:
    spaces = {space.slug: space for space in Space.objects.all()}
    users = {user.email: user for user in User.objects.filter(email__endswith="@makerhub.example")}
    count = 0
    for data in WORKSHOPS:
        space = spaces.get(data["space"])
        if space is None:
            continue
        workshop, created = _workshop(space, users.get(data["host"]), data)
        if not _has_upcoming(workshop):
            dates = list(data["sessions"])
            for week in range(1, data.get("repeat_weeks", 0)):
                days, start, end = data["sessions"][0]
                dates.append((days + 7 * week, start, end))
            for days, start, end in dates:
                _add_session(
                    workshop,
                    days=days,
                    start=start,
                    end=end,
                    room=data["room"],
                    capacity=data["capacity"],
                )
                count += 1
        if created and data.get("past_session"):
            _past_session_with_attendance(workshop, data)

    for qualification in Qualification.objects.filter(machines__isnull=False).distinct():
        # An induction grants to those present at all its sessions, so each date is its own
        # one-session workshop; a new one is added only when none is upcoming.
        if Session.objects.filter(
            workshop__grants_qualification=qualification,
            start__gt=timezone.now(),
            cancelled_at__isnull=True,
        ).exists():
            continue
        space = qualification.space
        day = timezone.localdate() + timedelta(days=3)
        machines = ", ".join(m.name for m in qualification.machines.order_by("name"))
        data = {
            "title": f"{qualification.name} am {day:%d.%m.%Y}",
            "category": Workshop.Category.INDUCTION,
            "grants_qualification": qualification,
            "description": f"Sicherheitseinweisung für: {machines}. Wer dabei war, darf die "
            "Maschinen danach selbst buchen. Bitte feste Schuhe tragen, lange Haare "
            "zusammenbinden.",
            "easy_summary": "Hier lernen Sie, wie man die Maschine sicher benutzt. "
            "Danach dürfen Sie die Maschine selbst benutzen.",
        }
        workshop, _created = _workshop(space, users.get(INDUCTION_HOSTS.get(space.slug, "")), data)
        _add_session(
            workshop, days=3, start=time(18, 0), end=time(19, 30), room="Werkstatt", capacity=4
        )
        count += 1

    for email, title, index, needs in SIGNUPS:
        person = users.get(email)
        found: Workshop | None
        if title.startswith("induction:"):
            found = (
                Workshop.objects.filter(
                    grants_qualification__name=title.removeprefix("induction:"),
                    sessions__start__gt=timezone.now(),
                )
                .order_by("-pk")
                .first()
            )
        else:
            found = Workshop.objects.filter(title=title).first()
        if person is None or found is None:
            continue
        session = found.sessions.filter(start__gt=timezone.now()).order_by("start")[index:]
        target = session.first()
        if target is None or target.signups.filter(user=person).exists():
            continue
        taken = target.signups.filter(status__in=Signup.SEAT_STATUSES).count()
        Signup.objects.create(
            session=target,
            user=person,
            status=Signup.Status.CONFIRMED if taken < target.capacity else Signup.Status.WAITLISTED,
            ticket_code=_ticket_code(),
            needs_consent=bool(needs),
            needs_text=needs,
        )
    if count:
        stdout.write(f"  {count} workshop sessions")


def _past_session_with_attendance(workshop: Workshop, data: dict[str, Any]) -> None:
    """A session that took place, with marks, so the statistics have something to show."""
    session = _add_session(
        workshop, days=-14, start=time(10, 0), end=time(13, 0), room=data["room"], capacity=5
    )
    for name, mark in (
        ("Gülten Yılmaz", Signup.Attendance.PRESENT),
        ("Jörg Schäfer", Signup.Attendance.PRESENT),
        ("Renate Kühn", Signup.Attendance.ABSENT),
        ("Ümit Özdemir", Signup.Attendance.EXCUSED),
    ):
        Signup.objects.create(
            session=session,
            guest_name=name,
            guest_contact="Telefon über das AWO-Büro",
            status=Signup.Status.CONFIRMED,
            ticket_code=_ticket_code(),
            attendance=mark,
        )
