"""Demo spaces and people. Facts about the spaces follow the 2019 portrait of Dortmund's maker
scene; opening hours, contacts and people are invented for the demo. Unknown street addresses
are left empty rather than guessed."""

from __future__ import annotations

from datetime import time
from typing import Any, TextIO

from django.conf import settings

from accounts.models import User
from spaces import services
from spaces.models import OpeningHours, Role, Space

SPACES: list[dict[str, Any]] = [
    {
        "slug": "awo-makerspace",
        "name": "AWO Makerspace",
        "short_description": "Dortmunds erster inklusiver Makerspace: Menschen mit und ohne "
        "Behinderung entwickeln hier gemeinsam Hilfsmittel für den Alltag.",
        "description": "Im AWO Makerspace entstehen Alltagshilfen im Co-Design: Wer eine "
        "Barriere erlebt, entwirft die Lösung mit. Herzstück sind die 3D-Drucker. Bekannte "
        "Projekte sind Becherhalter für den Kaffeeautomaten, ein Adapter für den roten "
        "Notrufknopf und eine Handyhalterung für den Rollstuhl. Die Druckdaten stehen allen "
        "kostenlos zur Verfügung.",
        "directions": "Innenstadt, wenige Minuten vom Wall entfernt.",
        "contact_email": "makerspace@awo-demo.example",
        "house_rules": "Wir nehmen uns Zeit füreinander. Fragen ist immer erlaubt.\n"
        "Maschinen nur nach Einweisung benutzen. Nach der Arbeit den Platz aufräumen.",
        "hours": {
            1: [("10:00", "16:00")],
            2: [("10:00", "16:00")],
            3: [("10:00", "18:00")],
            4: [("10:00", "14:00")],
        },
    },
    {
        "slug": "dezentrale",
        "name": "Dezentrale",
        "short_description": "FabLab und Gemeinschaftslabor für Zukunftsfragen im Unionviertel: "
        "3D-Drucker, Lasercutter, CNC-Fräse und ein BioLab.",
        "description": "Die Dezentrale wurde 2013 als Forschungslabor aus dem Fraunhofer-Institut "
        "UMSICHT gegründet und arbeitet praktisch an Energie- und Umweltthemen. Alle dürfen "
        "mitmachen, Vorwissen ist nicht nötig: Gäste bekommen eine kurze Einführung in Programme "
        "und Maschinen. Im BioLab wachsen Pilze, zum Beispiel für Dämmstoffe.",
        "directions": "Unionviertel, Eingang über einen ruhigen Hinterhof.",
        "contact_email": "hallo@dezentrale-demo.example",
        "house_rules": "Software und Ergebnisse teilen wir offen. Material zum Selbstkostenpreis.\n"
        "Lasercutter und CNC-Fräse nur mit Sicherheitseinweisung.",
        "hours": {
            1: [("14:00", "22:00")],
            3: [("14:00", "22:00")],
            4: [("12:00", "18:00")],
            5: [("10:00", "14:00"), ("15:00", "18:00")],
        },
    },
    {
        "slug": "urbanisten",
        "name": "Die Urbanisten – Offene Holzwerkstatt",
        "short_description": "Offene Holzwerkstatt im Union Gewerbehof: Sägen, CNC-Fräse, "
        "Upcycling-Workshops. Keine 3D-Drucker.",
        "description": "Der Verein die Urbanisten e. V. wurde 2010 gegründet und hat rund 55 "
        "Mitglieder. In der offenen Werkstatt (seit 2015, 2019 erweitert) baut man gegen einen "
        "kleinen Beitrag eigene Projekte, mit Tipps von Ehrenamtlichen. Die Einnahmen "
        "finanzieren vollständig die Räume.",
        "directions": "Union Gewerbehof.",
        "contact_email": "werkstatt@urbanisten-demo.example",
        "house_rules": "Holzstaub gehört dazu, Schutzbrille und Gehörschutz auch.\n"
        "Sägen und CNC nur nach Einweisung. Ein kleiner Beitrag pro Stunde finanziert die Räume.",
        "hours": {2: [("16:00", "21:00")], 4: [("14:00", "20:00")], 5: [("10:00", "17:00")]},
    },
    {
        "slug": "luzi",
        "name": "LUZI – Labor für urbane Zukunftsfragen und Innovationen",
        "short_description": "Gemeinsamer Makerspace der Urbanisten, der Dezentrale und des "
        "Union Gewerbehofs, seit März 2019.",
        "description": "Im LUZI bauen drei Partner zusammen einen Makerspace auf und fragen dabei: "
        "Was braucht es, um gemeinsam tätig zu werden? Die Erfahrungen fließen in einen "
        "Leitfaden für andere Makerspaces in Deutschland.",
        "directions": "Union Gewerbehof.",
        "contact_email": "luzi@luzi-demo.example",
        "house_rules": "Es gelten die Regeln der Partner-Werkstätten.",
        "hours": {0: [("17:00", "21:00")], 5: [("11:00", "17:00")]},
        "run_by": ["urbanisten", "dezentrale"],
    },
]

# (e-mail, display name, {space slug: role}, superuser)
PEOPLE = [
    ("admin@makerhub.example", "Admin", {}, True),
    ("staff.awo@makerhub.example", "Henrike (AWO Team)", {"awo-makerspace": Role.STAFF}, False),
    ("staff.dezentrale@makerhub.example", "Jörg (Dezentrale)", {"dezentrale": Role.STAFF}, False),
    (
        "staff.urbanisten@makerhub.example",
        "Florian (Urbanisten)",
        {"urbanisten": Role.STAFF, "luzi": Role.STAFF},
        False,
    ),
    ("host.dezentrale@makerhub.example", "Uwe (BioLab)", {"dezentrale": Role.HOST}, False),
    ("host.awo@makerhub.example", "Sam (Makerin)", {"awo-makerspace": Role.HOST}, False),
    (
        "member@makerhub.example",
        "Alex",
        {"awo-makerspace": Role.MEMBER, "dezentrale": Role.MEMBER, "urbanisten": Role.MEMBER},
        False,
    ),
    ("maker@makerhub.example", "Kim", {"dezentrale": Role.MEMBER}, False),
]


def _t(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def seed(*, stdout: TextIO) -> None:
    by_slug: dict[str, Space] = {}
    for data in SPACES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "hours", "run_by")}
        space, created = Space.objects.get_or_create(slug=data["slug"], defaults=fields)
        by_slug[space.slug] = space
        if created:
            for weekday, intervals in data["hours"].items():
                for opens, closes in intervals:
                    OpeningHours.objects.create(
                        space=space, weekday=weekday, opens=_t(opens), closes=_t(closes)
                    )
    for data in SPACES:
        for partner in data.get("run_by", []):
            by_slug[data["slug"]].run_by.add(by_slug[partner])

    password = settings.MAKERHUB_DEMO_PASSWORD
    for email, name, roles, is_superuser in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if is_superuser else User.objects.create_user
            user = create(email=email, password=password, display_name=name)
            _verify_email(user)
        for slug, role in roles.items():
            if not user.memberships.filter(space=by_slug[slug], role=role).exists():
                services.membership_set(space=by_slug[slug], user=user, role=role)
    stdout.write(f"Demo logins (demo only!), password {password!r}:")
    for email, _name, roles, is_superuser in PEOPLE:
        what = "superuser" if is_superuser else ", ".join(f"{r} @ {s}" for s, r in roles.items())
        stdout.write(f"  {email:38} {what}")


def _verify_email(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
