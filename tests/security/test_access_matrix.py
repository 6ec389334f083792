"""Object-level access control: every endpoint and page with personal or space data, for
member A vs B, host of workshop X vs Y, staff of space P vs Q, and anonymous.

Another person's object answers 403 or 404 and never shows its data. A new API endpoint
or page with an id in its URL must be added to the matrix (or to PUBLIC with a reason):
``test_every_object_url_is_in_the_matrix`` fails otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accessibility.models import NeedComment, Prototype
from bookings.models import Booking, Watch
from customizer import services as customizer_services
from customizer.models import Customization, PrintRequest, SavedVariant
from designs import services as design_services
from spaces import services as space_services
from spaces.models import Role
from tests.accessibility.factories import BarrierNeedFactory
from tests.bookings.conftest import NOW, Clock, berlin
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.designs.factories import make_design, png_upload, stl_upload
from tests.factories import SpaceFactory, UserFactory, open_every_day
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops.models import Signup

DENIED = {401, 403, 404, 405}


@dataclass
class Scene:
    people: dict
    objects: dict
    secrets: dict  # strings that must never appear in a denied response


@pytest.fixture
def scene(db, monkeypatch):
    Clock(monkeypatch, NOW)
    space_p = open_every_day(SpaceFactory(name="Space P", slug="space-p"))
    space_q = open_every_day(SpaceFactory(name="Space Q", slug="space-q"))
    people = {"anonymous": None}
    for name, space, role in [
        ("member_a", space_p, Role.MEMBER),
        ("member_b", space_p, Role.MEMBER),
        ("host_x", space_p, Role.HOST),
        ("host_y", space_p, Role.HOST),
        ("staff_p", space_p, Role.STAFF),
        ("staff_q", space_q, Role.STAFF),
    ]:
        person = UserFactory(display_name=f"Secret {name}")
        space_services.membership_set(space=space, user=person, role=role)
        people[name] = person
    machine = MachineFactory(space=space_p)
    start = berlin(2027, 1, 6, 10, 0)
    booking = BookingFactory(
        machine=machine,
        user=people["member_a"],
        start=start,
        status=Booking.Status.CONFIRMED,
        note="secret-note-of-a",
    )
    workshop_x = WorkshopFactory(space=space_p, hosts=[people["host_x"]])
    WorkshopFactory(space=space_p, hosts=[people["host_y"]])
    session_x = SessionFactory(workshop=workshop_x, start=NOW + timedelta(days=5))
    signup = Signup.objects.create(
        session=session_x,
        user=people["member_a"],
        status=Signup.Status.CONFIRMED,
        needs_text="secret-needs-of-a",
        needs_consent=True,
    )
    draft = make_design(
        author=people["member_a"], space=space_p, title="Secret Draft Of A", summary="draft"
    )
    draft_file = design_services.design_file_add(
        design=draft, user=people["member_a"], upload=stl_upload()
    )
    draft_photo = design_services.photo_add(
        design=draft, user=people["member_a"], image=png_upload(), alt_text="draft photo"
    )
    need = BarrierNeedFactory(requester=people["member_a"], space=space_p)
    comment = NeedComment.objects.create(
        need=need, author=people["member_a"], text="secret-comment-of-a"
    )
    prototype = Prototype.objects.create(
        need=need,
        uploaded_by=people["member_a"],
        file=ContentFile(stl_upload().read(), name="p.stl"),
        original_name="p.stl",
        description="v1",
    )
    # A render of the draft (visible like the draft: its author and the space's staff),
    # saved (not shared) by its author and asked to be printed at space P.
    source = customizer_services.parametric_source_attach(
        design=draft, source="side = 20; // [10:40]\ncube(side);", user=None
    )
    customization = Customization.objects.create(
        source=source,
        key="k" * 64,
        values={"side": 20},
        status=Customization.Status.PRINTABLE,
        stl=ContentFile(stl_upload().read(), name="r.stl"),
        preview=ContentFile(b"\x89PNG\r\n\x1a\n", name="r.png"),
        created_by=people["member_a"],
    )
    variant = SavedVariant.objects.create(
        owner=people["member_a"], customization=customization, name="secret-variant-of-a"
    )
    print_request = PrintRequest.objects.create(
        space=space_p,
        requester=people["member_a"],
        customization=customization,
        note="secret-print-note-of-a",
    )
    watch = Watch.objects.create(
        machine=machine, user=people["member_a"], start=start, end=start + timedelta(hours=1)
    )
    return Scene(
        people=people,
        objects={
            "booking": booking.pk,
            "machine": machine.pk,
            "session_x": session_x.pk,
            "workshop_x": workshop_x.pk,
            "signup": signup.pk,
            "space_p": space_p.slug,
            "draft": draft.slug,
            "draft_file": draft_file.pk,
            "draft_file_name": draft_file.file.name,
            "draft_photo_name": draft_photo.image.name,
            "need": need.pk,
            "watch": watch.pk,
            "comment": comment.pk,
            "prototype": prototype.pk,
            "doc_kind": "user_guide",
            "customization": customization.pk,
            "variant_token": variant.share_token,
            "print_request": print_request.pk,
            "wrong_token": "0" * 32,
        },
        secrets={
            "email": people["member_a"].email,
            "note": "secret-note-of-a",
            "needs": "secret-needs-of-a",
            "draft": "Secret Draft Of A",
            "variant": "secret-variant-of-a",
            "print_note": "secret-print-note-of-a",
        },
    )


def _state(scene):
    from accessibility.models import BarrierNeed
    from bookings.models import Machine
    from designs.models import Design

    booking = Booking.objects.get(pk=scene.objects["booking"])
    signup = Signup.objects.get(pk=scene.objects["signup"])
    machine = Machine.objects.get(pk=scene.objects["machine"])
    need = BarrierNeed.objects.get(pk=scene.objects["need"])
    return (
        booking.status,
        signup.status,
        signup.attendance,
        machine.status,
        Booking.objects.count(),
        need.status,
        Watch.objects.get(pk=scene.objects["watch"]).status,
        (need.hidden_at, need.design_id, need.meeting_note, NeedComment.objects.count()),
        NeedComment.objects.get(pk=scene.objects["comment"]).hidden_at,
        Prototype.objects.count(),
        Design.objects.values_list("status", "title").get(slug=scene.objects["draft"]),
        Design.objects.count(),
        SavedVariant.objects.values_list("shared", flat=True).get(
            share_token=scene.objects["variant_token"]
        ),
        SavedVariant.objects.count(),
        PrintRequest.objects.values_list("status", flat=True).get(
            pk=scene.objects["print_request"]
        ),
        PrintRequest.objects.count(),
    )


def _client(scene, who):
    client = APIClient()
    person = scene.people[who]
    if person is not None:
        client.force_login(person)
    return client


# Valid bodies, so that a refusal comes from the permission check, not from validation.
BODIES = {
    "/api/v1/bookings/{booking}/attendance/": {"status": "checked_in"},
    "/bookings/{booking}/attendance/": {"status": "checked_in"},
    "/api/v1/machines/{machine}/status/": {"status": "out_of_order"},
    "/machines/{machine}/status/": {"status": "out_of_order"},
    "/api/v1/machines/{machine}/maintenance/": {
        "start": "2027-01-08T10:00:00+01:00",
        "end": "2027-01-08T12:00:00+01:00",
    },
    "/machines/{machine}/maintenance/": {
        "start": "2027-01-08T10:00",
        "end": "2027-01-08T12:00",
    },
    "/api/v1/signups/{signup}/attendance/": {"attendance": "present"},
    "/workshops/signups/{signup}/attendance/": {"attendance": "present"},
    "/needs/{need}/comment/": {"text": "hello", "kind": "comment"},
    "/needs/{need}/status/": {"status": "discussion"},
    "/api/v1/needs/{need}/status/": {"status": "discussion"},
    "/needs/{need}/meeting/": {"meeting_note": "Tuesday 2 pm", "meeting_link": ""},
    "/api/v1/needs/{need}/meeting/": {"note": "Tuesday 2 pm", "link": ""},
    "/needs/{need}/hide/": {"reason": "spam"},
    "/needs/{need}/prototype/": lambda: {"description": "v2", "file": stl_upload("v2.stl")},
    "/needs/prototypes/{prototype}/feedback/": {"text": "too thin"},
    "/designs/{draft}/edit/": {"title": "Hijacked", "summary": "x", "licence": "CC-BY-4.0"},
    "/designs/{draft}/upload/": lambda: {"file": stl_upload("x.stl")},
    "/api/v1/designs/{draft}/files/": lambda: {"file": stl_upload("x.stl")},
    "/designs/{draft}/variants/": {"name": "Large", "suits": "big hands"},
    "/designs/{draft}/versions/": {"changelog": "hijacked"},
    "/designs/{draft}/documents/": {"kind": "user_guide", "text": "hijacked"},
    "/designs/{draft}/makes/": {"printer": "Prusa", "note": "made it"},
    "/designs/{draft}/return/": {"note": "no"},
    "/customizations/{customization}/save/": {"name": "mine now"},
    "/customizations/{customization}/print-request/": {"space": "space-p", "note": "please"},
    "/print-requests/{print_request}/status/": {"status": "accepted"},
    "/api/v1/designs/{draft}/customize/": {"values": {"side": 12}},
}

HOLD_DENIED = {"member_a", "member_b", "host_x", "staff_p", "staff_q", "anonymous"}

# (method, url template, who is allowed, who is denied). Everyone else is not checked.
MATRIX = [
    # bookings API
    (
        "get",
        "/api/v1/bookings/{booking}/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/bookings/{booking}/cancel/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/bookings/{booking}/attendance/",
        set(),
        {"member_a", "member_b", "staff_q", "anonymous"},
    ),
    ("post", "/api/v1/bookings/{booking}/confirm/", set(), {"member_b", "staff_q", "anonymous"}),
    # holds: only the person a hold is for (tests/bookings/test_hold_api.py); the booking here
    # never was a hold, so even staff of its space (who see it as a booking) get 404
    *[
        (method, f"/api/v1/holds/{{booking}}/{action}", set(), HOLD_DENIED)
        for method, action in [
            ("get", ""),
            ("post", "confirm/"),
            ("post", "extend/"),
            ("post", "decline/"),
        ]
    ],
    (
        "post",
        "/api/v1/machines/{machine}/status/",
        set(),
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/machines/{machine}/maintenance/",
        set(),
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    # workshops API
    (
        "get",
        "/api/v1/sessions/{session_x}/attendees/",
        {"host_x", "staff_p"},
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/signups/{signup}/cancel/",
        set(),
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/signups/{signup}/accept/",
        set(),
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/signups/{signup}/attendance/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    # pages
    ("post", "/bookings/{booking}/cancel/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "get",
        "/bookings/{booking}/move/",
        {"member_a"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/bookings/{booking}/attendance/",
        set(),
        {"member_a", "member_b", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/spaces/{space_p}/day-plan/",
        {"staff_p"},
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/machines/{machine}/status/", set(), {"member_a", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/machines/{machine}/maintenance/",
        set(),
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/sessions/{session_x}/attendees/",
        {"host_x", "staff_p"},
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/sessions/{session_x}/attendees.csv",
        {"host_x", "staff_p"},
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/sessions/{session_x}/attendance/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/sessions/{session_x}/message/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/sessions/{session_x}/cancel/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/sessions/{session_x}/edit/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/signups/{signup}/cancel/",
        set(),
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/signups/{signup}/accept/",
        set(),
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/signups/{signup}/calendar.ics",
        {"member_a"},
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/signups/{signup}/qr.svg",
        {"member_a"},
        {"member_b", "host_y", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/workshops/signups/{signup}/attendance/",
        set(),
        {"member_a", "member_b", "host_y", "staff_q", "anonymous"},
    ),
    # designs: drafts and their files are not reachable by guessing URLs
    (
        "get",
        "/designs/{draft}/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("get", "/designs/{draft}/edit/", {"member_a"}, {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "get",
        "/designs/files/{draft_file}/download/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/designs/files/{draft_file}/status/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("get", "/designs/{draft}/download.zip", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    # uploaded files (ops/media.py): a draft's photo like the draft; design files only
    # through their own view, so /media/ refuses them even to their author
    (
        "get",
        "/media/{draft_photo_name}",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/media/{draft_file_name}",
        set(),
        {"member_a", "member_b", "host_x", "staff_p", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/api/v1/designs/{draft}/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/api/v1/design-files/{draft_file}/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    # watches on a machine: the watcher's own
    ("delete", "/api/v1/watches/{watch}/", set(), {"member_b", "staff_q", "anonymous"}),
    ("post", "/bookings/watches/{watch}/stop/", set(), {"member_b", "staff_q", "anonymous"}),
    # workshop management: the hosts of the workshop and the space's staff
    (
        "get",
        "/workshops/{workshop_x}/edit/",
        {"host_x", "staff_p"},
        {"member_a", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/{workshop_x}/stats/",
        {"host_x", "staff_p"},
        {"member_a", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/workshops/{workshop_x}/sessions/new/",
        {"host_x", "staff_p"},
        {"member_a", "host_y", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/spaces/{space_p}/workshops/stats/",
        {"staff_p"},
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    # need board: only the person who asked withdraws a need; one's needs profile is one's own
    ("post", "/needs/{need}/withdraw/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/api/v1/needs/{need}/withdraw/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("get", "/api/v1/me/needs-profile/", set(), {"anonymous"}),
    # designs: the draft's working pages and actions, only for its author (and staff)
    (
        "get",
        "/designs/files/{draft_file}/preview/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/designs/{draft}/edit/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/upload/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/photos/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/documents/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "get",
        "/designs/{draft}/documents/{doc_kind}.pdf",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/designs/{draft}/variants/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/versions/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/submit/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/designs/{draft}/publish/",
        set(),
        {"member_a", "member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/designs/{draft}/return/",
        set(),
        {"member_a", "member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/designs/{draft}/archive/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/designs/{draft}/makes/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/api/v1/designs/{draft}/files/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    # customizer: renders of a draft are as private as the draft; saved variants their owner's
    (
        "get",
        "/designs/{draft}/customize/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("get", "/designs/{draft}/source/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "get",
        "/api/v1/designs/{draft}/parameters/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/api/v1/designs/{draft}/customize/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/api/v1/customizations/{customization}/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/customizations/{customization}/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/customizations/{customization}/status/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/customizations/{customization}/download/",
        {"member_a", "staff_p"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/customizations/{customization}/preview.png",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/customizations/{customization}/save/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/customizations/{customization}/print-request/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "get",
        "/variants/{variant_token}/",
        {"member_a"},
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/variants/{variant_token}/share/",
        set(),
        {"member_b", "host_x", "staff_p", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/variants/{variant_token}/delete/",
        set(),
        {"member_b", "host_x", "staff_p", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/print-requests/{print_request}/status/",
        set(),
        {"member_a", "member_b", "host_x", "staff_q", "anonymous"},
    ),
    # need board: working on a need is for its requester and helpers; hiding for staff
    ("post", "/needs/{need}/comment/", set(), {"anonymous"}),
    ("post", "/needs/{need}/take-on/", set(), {"anonymous"}),
    ("post", "/api/v1/needs/{need}/take-on/", set(), {"anonymous"}),
    ("post", "/needs/{need}/status/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/api/v1/needs/{need}/status/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/needs/{need}/prototype/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/needs/{need}/meeting/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("put", "/api/v1/needs/{need}/meeting/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/needs/{need}/hide/",
        set(),
        {"member_a", "member_b", "host_x", "staff_q", "anonymous"},
    ),
    ("post", "/needs/{need}/design/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    ("post", "/api/v1/needs/{need}/design/", set(), {"member_b", "host_x", "staff_q", "anonymous"}),
    (
        "post",
        "/needs/prototypes/{prototype}/feedback/",
        set(),
        {"member_b", "host_x", "staff_q", "anonymous"},
    ),
    (
        "post",
        "/needs/comments/{comment}/hide/",
        set(),
        {"member_a", "member_b", "host_x", "staff_q", "anonymous"},
    ),
    # bookings and workshops: acting for oneself needs an account; token links need the token
    ("post", "/api/v1/sessions/{session_x}/signup/", set(), {"anonymous"}),
    ("post", "/workshops/sessions/{session_x}/signup/", set(), {"anonymous"}),
    ("post", "/workshops/{workshop_x}/signup-all/", set(), {"anonymous"}),
    ("post", "/machines/{machine}/watch/", set(), {"anonymous"}),
    (
        "get",
        "/spaces/{space_p}/workshops/new/",
        {"staff_p"},
        {"member_a", "staff_q", "anonymous"},
    ),
    (
        "put",
        "/api/v1/machines/{machine}/adaptation/",
        set(),
        {"member_a", "host_x", "staff_q", "anonymous"},
    ),
    # a guessed token opens nothing, not even for the booking's own person
    (
        "get",
        "/bookings/hold/{booking}/{wrong_token}/",
        set(),
        {"member_a", "member_b", "staff_p", "anonymous"},
    ),
    (
        "get",
        "/bookings/calendar/{wrong_token}.ics",
        set(),
        {"member_a", "member_b", "staff_p", "anonymous"},
    ),
    # privacy
    ("post", "/privacy/export/", set(), {"anonymous"}),
]


def _call(client, method, template, url):
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    body = BODIES.get(template, {})
    if callable(body):
        body = body()  # fresh upload files for every call
    if method == "put":
        return client.put(url, body, format="json")
    if url.startswith("/api/"):
        has_file = any(hasattr(value, "read") for value in body.values())
        return client.post(url, body, format="multipart" if has_file else "json")
    return client.post(url, body)


@pytest.mark.parametrize(
    ("method", "template", "allowed", "denied"),
    [pytest.param(*row, id=f"{row[0]} {row[1]}") for row in MATRIX],
)
def test_access(scene, method, template, allowed, denied):
    """One scene per URL, every actor in turn (a scene is costly to build)."""
    url = template.format(**scene.objects)
    for who in sorted(allowed):
        response = _call(_client(scene, who), method, template, url)
        assert response.status_code == 200, (url, who, response.status_code)
    for who in sorted(denied):
        before = _state(scene)
        response = _call(_client(scene, who), method, template, url)
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            assert who == "anonymous"  # pages send anonymous visitors to the login
        else:
            assert response.status_code in DENIED, (url, who, response.status_code)
        body = response.content.decode(errors="replace")
        for secret in scene.secrets.values():
            assert secret not in body, (url, who, secret)
        assert _state(scene) == before, (url, who)  # nothing changed


@pytest.mark.django_db
def test_booking_list_shows_only_ones_own(scene):
    response = _client(scene, "member_b").get("/api/v1/bookings/")
    assert response.status_code == 200
    assert scene.secrets["note"] not in response.content.decode()
    assert scene.objects["booking"] not in [row["id"] for row in response.json()["results"]]


def test_mass_assignment_of_user_status_and_space_is_ignored(scene):
    member_b = scene.people["member_b"]
    payload = {
        "machine": scene.objects["machine"],
        "start": berlin(2027, 1, 7, 10, 0).isoformat(),
        "end": berlin(2027, 1, 7, 11, 0).isoformat(),
        "status": "cancelled",
        "space": "space-q",
        "price": "0.00",
        "created_by": scene.people["staff_p"].pk,
    }
    response = _client(scene, "member_b").post("/api/v1/bookings/", payload, format="json")
    assert response.status_code == 201, response.json()
    booking = Booking.objects.get(pk=response.json()["id"])
    assert booking.user == member_b
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.machine.space.slug == "space-p"
    assert booking.price > 0


def test_booking_for_someone_else_is_refused_to_members(scene):
    payload = {
        "machine": scene.objects["machine"],
        "start": berlin(2027, 1, 7, 10, 0).isoformat(),
        "end": berlin(2027, 1, 7, 11, 0).isoformat(),
        "user": scene.people["member_a"].pk,
    }
    response = _client(scene, "member_b").post("/api/v1/bookings/", payload, format="json")
    assert response.status_code == 403
    assert Booking.objects.filter(user=scene.people["member_a"]).count() == 1


def test_signup_mass_assignment_cannot_sign_up_someone_else(scene):
    response = _client(scene, "member_b").post(
        f"/api/v1/sessions/{scene.objects['session_x']}/signup/",
        {"user": scene.people["member_a"].pk, "status": "confirmed", "attendance": "present"},
        format="json",
    )
    assert response.status_code in (200, 201), response.json()
    mine = Signup.objects.get(session_id=scene.objects["session_x"], user=scene.people["member_b"])
    assert mine.attendance != "present"
    assert Signup.objects.filter(user=scene.people["member_a"]).count() == 1


# URLs with an object in them that are public by design, with the reason.
PUBLIC = {
    "/api/v1/spaces/<slug:slug>/": "space profile",
    "/api/v1/machines/<int:pk>/": "machine profile",
    "/api/v1/machines/<int:pk>/availability/": "busy times without names",
    "/api/v1/workshops/<int:pk>/": "workshop programme",
    "/api/v1/spaces/<slug:slug>/accessibility/": "place profile",
    "/spaces/<slug:slug>/": "space page",
    "/machines/<int:pk>/": "machine page",
    "/machines/<int:pk>/estimate/": "print-time estimate",
    "/machines/<int:pk>/busy.ics": "busy times without names",
    "/workshops/<int:pk>/": "workshop page",
    "/spaces/<slug:slug>/workshops/": "programme",
    "/spaces/<slug:slug>/workshops.ics": "programme",
    "/needs/<int:pk>/": "need board: browsing needs no account; the requester is shown under "
    "the chosen name (test_the_requester_stays_under_the_chosen_name_everywhere)",
    "/api/v1/needs/<int:pk>/": "need board, as the page",
    "/api/v1/needs/<int:pk>/comments/": "need board comments, as the page",
    "/api/v1/needs/<int:pk>/meeting/": "GET: the meeting as on the need page (its booking only "
    "for requester, helpers, staff: tests/accessibility/test_need_meeting_api.py)",
}


def _object_urls():
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue  # the admin has its own scoping tests
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                path = "/" + prefix + str(pattern.pattern)
                if "<" in path and not path.startswith("/accounts/"):
                    found.append(path)

    walk(get_resolver().url_patterns)
    return found


def test_every_object_url_is_in_the_matrix():
    import re

    covered = {re.sub(r"\{\w+\}", "<>", template) for _m, template, _a, _d in MATRIX}
    missing = [
        url
        for url in _object_urls()
        if url not in PUBLIC and re.sub(r"<[^>]+>", "<>", url) not in covered
    ]
    assert missing == []
