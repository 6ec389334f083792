"""Demo data of the accessibility app: the spaces' profiles as far as they are known, their
easy-read texts, and needs on the need board at different stages.

The only source about the spaces is a 2019 magazine portrait of Dortmund's maker scene. It
says nothing measurable about entrances, doors, toilets, workbenches, parking or hearing
loops, so those stay *unknown* (absent from the A11yJSON document), never guessed. What the
portrait does say (Dezentrale: guests get a short introduction on request; Urbanisten:
volunteers give tips in the open workshop) goes into the staff part as text."""

from __future__ import annotations

from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.test.utils import override_settings

from accessibility import services
from accessibility.models import BarrierNeed, NeedComment, PlaceProfile, Prototype
from accounts.models import User
from spaces.models import Space

SOURCE = "Portrait „Die Dortmunder Makerszene“, Seite an Seite 06/2019; nichts vermessen"

PROFILES: dict[str, dict[str, Any]] = {
    # Nothing about the AWO Makerspace's building is known from the source: all unknown.
    "awo-makerspace": {},
    "dezentrale": {
        "staff": {
            "x-makerhub-assistanceTimes": {
                "de": "Auf Wunsch eine kurze Einführung in Programme und Maschinen.",
                "en": "A short introduction to software and machines on request.",
            },
        },
    },
    "urbanisten": {
        "staff": {
            "x-makerhub-assistanceTimes": {
                "de": "Ehrenamtliche geben in der offenen Werkstatt Tipps.",
                "en": "Volunteers give tips in the open workshop.",
            },
        },
    },
    "luzi": {},
}

SPACE_TEXTS: dict[str, tuple[str, str]] = {
    "awo-makerspace": (
        "Der AWO Makerspace",
        """Der AWO Makerspace ist eine Werkstatt in der Innenstadt von Dortmund.
Dort arbeiten Menschen mit und ohne Behinderung zusammen.
Sie bauen Hilfsmittel für den Alltag.
Ein Hilfsmittel macht den Alltag leichter.
Zum Beispiel ein Halter für einen Becher.

In der Werkstatt gibt es 3D-Drucker.
Ein 3D-Drucker ist eine Maschine.
Die Maschine macht Dinge aus Kunststoff.

Sie haben eine Idee für ein Hilfsmittel?
Dann kommen Sie vorbei.
Sie planen das Hilfsmittel mit.
Denn Sie wissen am besten: Was hilft mir?

Wir wissen noch nicht genau:
Gibt es Stufen am Eingang?
Fragen Sie das Team vor Ihrem Besuch.""",
    ),
    "dezentrale": (
        "Die Dezentrale",
        """Die Dezentrale ist eine Werkstatt in Dortmund.
Die Werkstatt ist im Union-Viertel.
Sie kommen über einen ruhigen Hinterhof hinein.

In der Werkstatt gibt es viele Maschinen.
Zum Beispiel 3D-Drucker und eine Fräse.
Eine Fräse schneidet Formen aus Holz oder Metall.
Es gibt auch ein Bio-Labor.
Dort wachsen Pilze.

Alle dürfen mitmachen.
Sie müssen vorher nichts wissen.
Das Team zeigt Ihnen die Maschinen.

Wir wissen noch nicht genau:
Gibt es Stufen am Eingang?
Fragen Sie das Team vor Ihrem Besuch.""",
    ),
    "urbanisten": (
        "Die Holz-Werkstatt von den Urbanisten",
        """Die Urbanisten sind ein Verein in Dortmund.
Der Verein hat eine offene Werkstatt für Holz.
Offen heißt: Alle dürfen kommen.
Die Werkstatt ist im Union Gewerbehof.

In der Werkstatt gibt es Sägen.
Es gibt auch eine Fräse.
Eine Fräse schneidet Formen aus Holz.
In der Werkstatt ist es oft laut und staubig.
Sie bekommen eine Schutzbrille und einen Schutz für die Ohren.

Sie bezahlen einen kleinen Betrag.
Mit dem Geld bezahlt der Verein die Miete.

Wir wissen noch nicht genau:
Gibt es Stufen am Eingang?
Fragen Sie das Team vor Ihrem Besuch.""",
    ),
    "luzi": (
        "Das LUZI",
        """Das LUZI ist eine Werkstatt in Dortmund.
3 Gruppen machen das LUZI zusammen:
die Urbanisten, die Dezentrale und der Union Gewerbehof.

Die Gruppen fragen sich:
Wie können wir gut zusammen arbeiten?
Ihre Antworten schreiben sie auf.
Dann können andere Werkstätten davon lernen.

Wir wissen noch nicht genau:
Gibt es Stufen am Eingang?
Fragen Sie das Team vor Ihrem Besuch.""",
    ),
}

# (title, description, measurements, tried, shown_as, pseudonym, final status, space)
NEEDS: list[dict[str, Any]] = [
    {
        "title": "Becher am Kaffeeautomaten halten",
        "description": "Meine Hände zittern. Die dünnen Becher vom Kaffeeautomaten sind "
        "mir zu instabil, ich kann sie nicht gut greifen und verschütte den Kaffee.",
        "measurements": "",
        "tried": "Beide Hände nehmen – dann kann ich nichts anderes mehr tragen.",
        "shown_as": BarrierNeed.ShownAs.PSEUDONYM,
        "pseudonym": "Kaffeepause",
        "status": BarrierNeed.Status.SOLVED,
        "design_slug": "becherhalter-ring",  # the designs demo's cup holder: published
        "space": "awo-makerspace",
        "prototypes": [
            ("Erster Halter mit Griff", "Der Griff ist zu dünn, ich rutsche ab."),
            ("Dickerer Griff, breiter Fuß", "Hält gut. Ich benutze ihn jeden Tag."),
        ],
    },
    {
        "title": "Roten Notrufknopf auf der Toilette erreichen",
        "description": "Der rote Notrufknopf auf der Toilette ist sehr klein. Ich kann ihn "
        "mit meinen Händen nicht drücken. Im Notfall komme ich nicht an Hilfe.",
        "measurements": "",
        "tried": "",
        "shown_as": BarrierNeed.ShownAs.NAME,
        "pseudonym": "",
        "status": BarrierNeed.Status.TESTING,
        "space": "awo-makerspace",
        "prototypes": [("Aufsatz mit großer Druckfläche", "")],
    },
    {
        "title": "Handyhalterung für den Rollstuhl",
        "description": "Ich möchte mein Handy am Rollstuhl befestigen, damit ich es "
        "unterwegs sehen und bedienen kann, ohne es festzuhalten.",
        "measurements": "",
        "tried": "Eine gekaufte Fahrradhalterung passt nicht an mein Rohr.",
        "shown_as": BarrierNeed.ShownAs.ANONYMOUS,
        "pseudonym": "",
        "status": BarrierNeed.Status.DISCUSSION,
        "space": "awo-makerspace",
        "prototypes": [],
    },
    {
        "title": "Schreiben ohne Kugelschreiber",
        "description": "Ich kann einen Kugelschreiber nicht festhalten. Ich hätte gern "
        "etwas, mit dem ich mit einem Finger schreiben kann.",
        "measurements": "",
        "tried": "",
        "shown_as": BarrierNeed.ShownAs.NAME,
        "pseudonym": "",
        "status": BarrierNeed.Status.NEW,
        "space": None,
        "prototypes": [],
    },
]

ORDER: list[str] = [
    BarrierNeed.Status.NEW,
    BarrierNeed.Status.DISCUSSION,
    BarrierNeed.Status.PROTOTYPING,
    BarrierNeed.Status.TESTING,
    BarrierNeed.Status.SOLVED,
]


def _existing_design(slug: str) -> Any:
    if not slug:
        return None
    try:
        from designs.models import Design
    except ImportError:
        return None
    return Design.objects.filter(slug=slug).first()


def _stl_box(size: float) -> bytes:
    import trimesh

    data = trimesh.creation.box(extents=(size, size, size / 2)).export(file_type="stl")
    return data if isinstance(data, bytes) else data.encode()


def seed(*, stdout: TextIO) -> None:
    # The demo's own notifications would only fill the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed(stdout=stdout)


def _seed(*, stdout: TextIO) -> None:
    spaces = {space.slug: space for space in Space.objects.all()}
    for slug, document in PROFILES.items():
        space = spaces.get(slug)
        if space is not None and not PlaceProfile.objects.filter(space=space).exists():
            services.place_profile_import(space=space, document=document, by=None, source=SOURCE)
    for slug, (title, text) in SPACE_TEXTS.items():
        services.easy_read_text_save(key=f"space:{slug}", title=title, text=text)

    requester = User.objects.filter(email="member@makerhub.example").first()
    maker = User.objects.filter(email="host.awo@makerhub.example").first()
    staff = User.objects.filter(email="staff.awo@makerhub.example").first()
    if requester is None or maker is None or staff is None:
        stdout.write("accessibility: demo people missing, no needs created\n")
        return
    created = 0
    for data in NEEDS:
        if BarrierNeed.objects.filter(title=data["title"]).exists():
            continue
        need = services.need_create(
            requester=requester,
            title=data["title"],
            description=data["description"],
            measurements=data["measurements"],
            tried=data["tried"],
            shown_as=data["shown_as"],
            pseudonym=data["pseudonym"],
            space=spaces.get(data["space"]) if data["space"] else None,
        )
        created += 1
        target = ORDER.index(data["status"])
        if target >= 1:
            services.need_take_on(need=need, user=maker)
            services.need_comment_add(
                need=need,
                author=staff,
                kind=NeedComment.Kind.COMMENT,
                text="Kommen Sie gern dienstags vorbei, dann schauen wir es uns gemeinsam an.",
            )
        for index, (description, feedback) in enumerate(data["prototypes"], start=1):
            prototype: Prototype = services.prototype_add(
                need=need,
                by=maker,
                file=ContentFile(_stl_box(30 + 10 * index), name=f"prototyp-{index}.stl"),  # type: ignore[arg-type]
                description=description,
            )
            if feedback:
                services.prototype_feedback_add(
                    prototype=prototype, author=requester, text=feedback
                )
        need.refresh_from_db()
        while ORDER.index(need.status) < target:
            next_status = ORDER[ORDER.index(need.status) + 1]
            need = services.need_status_set(need=need, by=maker, status=next_status)
        design = _existing_design(data.get("design_slug", ""))
        if design is not None:
            services.need_design_link(need=need, design=design, by=maker)
    stdout.write(f"accessibility: {created} demo needs, profiles for {len(PROFILES)} spaces\n")
