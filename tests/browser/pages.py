"""The pages the axe scan visits. Add a page by appending a ``PageCase`` to ``PAGES``.

A case names a URL by its URL name; when the name does not exist (an app has not built that
page yet) the case is skipped and reported, so the list can name pages before they exist.
``kwargs`` picks URL arguments from the scan data (see ``build_site``), ``who`` says who is
logged in, ``prepare`` puts the page into a state (e.g. a form with errors shown)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accessibility import services as a11y_services
from accessibility.models import BarrierNeed
from spaces import services as space_services
from spaces.models import Role
from tests.factories import SpaceFactory, UserFactory, open_every_day


def _submit(selector: str) -> Callable[[Any], None]:
    """Submit the form of the button ``selector`` as it is and check that the page now shows
    an error summary: the state under test is "form with errors shown"."""

    def prepare(page: Any) -> None:
        with page.expect_navigation():
            page.locator(selector).last.click()
        assert page.locator(".error-summary, .errorlist, .error").count() > 0, page.url

    return prepare


_submit_empty_form = _submit("main form[method=post] [type=submit]")


def _fill_bad_signup(page: Any) -> None:
    page.fill("#id_email", "not-an-address")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "different")
    _submit("main form [type=submit]")(page)


@dataclass
class PageCase:
    name: str
    url_name: str
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: {}
    who: str = "anonymous"  # anonymous, member, staff
    prepare: Callable[[Any], None] | None = None
    query: str = ""
    expect_status: int = 200
    tags: set[str] = field(default_factory=set)

    def path(self, data: dict[str, Any]) -> str | None:
        try:
            kwargs = self.kwargs(data)
        except (KeyError, AttributeError):
            return None
        if self.url_name.startswith("/"):
            return self.url_name
        try:
            return reverse(self.url_name, kwargs=kwargs) + self.query
        except NoReverseMatch:
            return None


def _obj(data: dict[str, Any], key: str) -> Any:
    value = data.get(key)
    if value is None:
        raise KeyError(key)
    return value


PAGES: list[PageCase] = [
    # foundation
    PageCase("home", "home", tags={"core"}),
    PageCase("space page", "space-detail", lambda d: {"slug": d["space"].slug}, tags={"core"}),
    PageCase("space page without profile", "space-detail", lambda d: {"slug": d["bare"].slug}),
    PageCase("login", "account_login"),
    PageCase("login with errors", "account_login", prepare=_submit_empty_form),
    PageCase("sign-up", "account_signup"),
    PageCase("sign-up with errors", "account_signup", prepare=_fill_bad_signup, tags={"core"}),
    PageCase("password reset", "account_reset_password"),
    PageCase("profile", "profile", who="member"),
    PageCase("404", "/no-such-page/", expect_status=404),
    # accessibility
    PageCase("accessibility statement", "accessibility-statement"),
    PageCase(
        "statement with errors",
        "accessibility-statement",
        prepare=_submit_empty_form,
        tags={"core"},
    ),
    PageCase("display settings", "display-settings"),
    PageCase("help", "accessibility-help"),
    PageCase("places", "accessibility-places"),
    PageCase(
        "places filtered to nothing",
        "accessibility-places",
        query="?features=hearing_loop&features=quiet_room&adaptations=safety_guard",
    ),
    PageCase("needs profile", "needs-profile", who="member"),
    PageCase(
        "needs profile with errors",
        "needs-profile",
        who="member",
        prepare=_submit("form:has(input[name=action][value=save]) [type=submit]"),
        tags={"core"},
    ),
    PageCase("need board", "need-list"),
    PageCase("need board empty filter", "need-list", query="?status=published"),
    PageCase("need board, logged in", "need-list", who="member"),
    PageCase("describe a need", "need-create", who="member"),
    PageCase(
        "describe a need with errors", "need-create", who="member", prepare=_submit_empty_form
    ),
    PageCase("need", "need-detail", lambda d: {"pk": d["need"].pk}),
    PageCase("need as helper", "need-detail", lambda d: {"pk": d["need"].pk}, who="member"),
    PageCase(
        "need as staff", "need-detail", lambda d: {"pk": d["need"].pk}, who="staff", tags={"core"}
    ),
    # other apps: scanned once they exist (missing URL names are skipped and listed)
    PageCase("machine list", "machine-list"),
    PageCase("machine list, logged in", "machine-list", who="member"),
    PageCase("machine detail", "machine-detail", lambda d: {"pk": _obj(d, "machine").pk}),
    PageCase(
        "machine detail, logged in",
        "machine-detail",
        lambda d: {"pk": _obj(d, "machine").pk},
        who="member",
        tags={"core"},
    ),
    PageCase(
        "booking form with errors",
        "machine-detail",
        lambda d: {"pk": _obj(d, "machine").pk},
        who="member",
        prepare=_submit("section:has(#book-heading) form button[type=submit]"),
    ),
    PageCase("my bookings", "my-bookings", who="member", tags={"core"}),
    PageCase("my bookings, empty", "my-bookings", who="staff"),
    PageCase("day plan", "booking-day-plan", lambda d: {"slug": d["space"].slug}, who="staff"),
    PageCase("workshop list", "workshop-list"),
    PageCase("workshop detail", "workshop-detail", lambda d: {"pk": _obj(d, "workshop").pk}),
    PageCase(
        "workshop detail, logged in",
        "workshop-detail",
        lambda d: {"pk": _obj(d, "workshop").pk},
        who="member",
        tags={"core"},
    ),
    PageCase("my workshops", "my-workshops", who="member"),
    PageCase("workshop management", "workshop-manage", who="staff"),
    PageCase("design list", "design-list"),
    PageCase(
        "design detail", "design-detail", lambda d: {"slug": _obj(d, "design").slug}, tags={"core"}
    ),
    PageCase("new design", "design-create", who="member"),
    PageCase("new design with errors", "design-create", who="member", prepare=_submit_empty_form),
    PageCase("my designs", "my-designs", who="member"),
    PageCase("my variants", "my-variants", who="member"),
    PageCase("change password", "account_change_password", who="member"),
    PageCase("e-mail addresses", "account_email", who="member"),
    PageCase(
        "move a booking",
        "booking-reschedule",
        lambda d: {"pk": _obj(d, "booking").pk},
        who="member",
    ),
    PageCase("space workshops", "space-workshop-list", lambda d: {"slug": d["space"].slug}),
    PageCase("new workshop", "workshop-create", lambda d: {"slug": d["space"].slug}, who="staff"),
    PageCase(
        "new workshop with errors",
        "workshop-create",
        lambda d: {"slug": d["space"].slug},
        who="staff",
        prepare=_submit_empty_form,
    ),
    PageCase(
        "edit workshop", "workshop-edit", lambda d: {"pk": _obj(d, "workshop").pk}, who="staff"
    ),
    PageCase(
        "attendee list",
        "workshop-session-attendees",
        lambda d: {"pk": _obj(d, "session").pk},
        who="staff",
    ),
    PageCase(
        "workshop statistics",
        "workshop-stats",
        lambda d: {"pk": _obj(d, "workshop").pk},
        who="staff",
    ),
    PageCase(
        "new workshop date",
        "workshop-session-create",
        lambda d: {"pk": _obj(d, "workshop").pk},
        who="staff",
    ),
    PageCase(
        "edit workshop date",
        "workshop-session-edit",
        lambda d: {"pk": _obj(d, "session").pk},
        who="staff",
    ),
    PageCase(
        "attendance on a phone",
        "workshop-session-attendance",
        lambda d: {"pk": _obj(d, "session").pk},
        who="staff",
    ),
    PageCase(
        "space workshop statistics",
        "workshop-space-stats",
        lambda d: {"slug": d["space"].slug},
        who="staff",
    ),
    PageCase(
        "edit design", "design-edit", lambda d: {"slug": _obj(d, "design").slug}, who="member"
    ),
    PageCase("customizable designs", "customizable-design-list"),
    PageCase("print requests", "print-request-list", who="staff"),
    PageCase("privacy", "privacy"),
    PageCase("privacy, easy read", "privacy-easy-read"),
    PageCase("delete account", "privacy-delete", who="member"),
]


def build_site() -> dict[str, Any]:
    """Data for the scan: a space with a full profile, one without, people and a need."""
    space = open_every_day(SpaceFactory(name="AWO Makerspace", slug="awo"))
    bare = SpaceFactory(name="Werkstatt ohne Profil", slug="bare")
    member = UserFactory(display_name="Alex")
    staff = UserFactory(display_name="Henrike")
    space_services.membership_set(space=space, user=member, role=Role.MEMBER)
    space_services.membership_set(space=space, user=staff, role=Role.STAFF)
    a11y_services.place_profile_import(space=space, document=SAMPLE_PROFILE, by=None)
    need = a11y_services.need_create(
        requester=UserFactory(display_name="Requester"),
        title="Becher halten",
        description="Ich kann den Becher am Automaten nicht halten.",
        shown_as=BarrierNeed.ShownAs.PSEUDONYM,
        pseudonym="Kaffeefan",
        space=space,
    )
    a11y_services.need_take_on(need=need, user=member)
    a11y_services.need_comment_add(need=need, author=staff, text="Wir treffen uns Dienstag.")
    a11y_services.easy_read_text_save(
        key="home", title="Was ist MakerHub?", text="MakerHub ist eine Seite im Internet."
    )
    data: dict[str, Any] = {
        "space": space,
        "bare": bare,
        "member": member,
        "staff": staff,
        "need": need,
        "now": timezone.now(),
        "soon": timezone.now() + timedelta(days=1),
        "time": time(10, 0),
    }
    data.update(_other_apps(space=space, member=member))
    return data


def _other_apps(*, space: Any, member: Any) -> dict[str, Any]:
    """Objects of other apps for their pages; an app that cannot make one yet is left out
    (its pages are then skipped and listed)."""
    found: dict[str, Any] = {}
    for key, make in OTHER_APP_OBJECTS.items():
        try:
            found[key] = make(space, member)
        except (ImportError, LookupError, TypeError, ValueError) as error:
            print(f"browser scan: no {key} ({error})")
    return found


def _machine(space: Any, member: Any) -> Any:
    from tests.bookings.factories import MachineFactory

    return MachineFactory(space=space, name="Prusa MK4", slug="prusa-mk4")


def _booking(space: Any, member: Any) -> Any:
    from bookings.models import Machine
    from tests.bookings.factories import BookingFactory

    machine = Machine.objects.filter(space=space).first()
    day = timezone.localtime() + timedelta(days=2)
    # a calendar with a full day: another person has the machine from opening to closing
    BookingFactory(
        machine=machine,
        start=(day + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0),
        end=(day + timedelta(days=1)).replace(hour=22, minute=0, second=0, microsecond=0),
    )
    return BookingFactory(
        machine=machine, user=member, start=day.replace(hour=10, minute=0, second=0, microsecond=0)
    )


def _workshop(space: Any, member: Any) -> Any:
    from tests.workshops.factories import SessionFactory, WorkshopFactory

    workshop = WorkshopFactory(space=space, title="Becherhalter drucken")
    SessionFactory(workshop=workshop)
    return workshop


def _design(space: Any, member: Any) -> Any:
    from designs import services as design_services
    from tests.designs.factories import make_published, stl_upload

    staff = UserFactory(display_name="Design-Team")
    space_services.membership_set(space=space, user=staff, role=Role.STAFF)
    design = make_published(author=member, staff=staff, space=space, title="Becherhalter")
    design_services.design_file_add(design=design, user=member, upload=stl_upload())
    return design


def _session(space: Any, member: Any) -> Any:
    from workshops.models import Session

    session = Session.objects.filter(workshop__space=space).first()
    if session is None:
        raise LookupError("no workshop session")
    return session


OTHER_APP_OBJECTS: dict[str, Callable[[Any, Any], Any]] = {
    "machine": _machine,
    "booking": _booking,
    "workshop": _workshop,
    "session": _session,
    "design": _design,
}


def login_cookie(user: Any) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


SAMPLE_PROFILE: dict[str, Any] = {
    "entrances": [
        {
            "isMainEntrance": True,
            "stairs": {"count": 1, "stepHeight": {"value": 4, "unit": "cm"}},
            "hasRemovableRamp": True,
            "door": {"width": {"value": 90, "unit": "cm"}, "isAutomatic": False},
        }
    ],
    "restrooms": [
        {
            "isAccessibleWithWheelchair": True,
            "turningSpaceInside": {"value": 150, "unit": "cm"},
            "hasEmergencyPullstring": True,
            "toilet": {"hasGrabBars": True},
        }
    ],
    "desks": [
        {
            "name": "Werkbank 1",
            "isRollUnderAccessible": True,
            "minimalHeight": {"value": 65, "unit": "cm"},
            "maximalHeight": {"value": 110, "unit": "cm"},
        }
    ],
    "hasInductionLoop": False,
    "staff": {
        "hasFreeAssistantForVisitors": True,
        "x-makerhub-communicationForms": ["easy-read", "supported-communication"],
    },
}
