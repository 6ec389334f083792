"""What happens to each piece of personal data on export and on account deletion.

Every relation from any model to the user model is declared here, once, by the privacy app
(so other apps need not know about it). ``tests/privacy/test_handlers.py`` fails when a
model gains such a relation without an entry: add one here.

Policies on account deletion:

``DELETE``     the rows are the person's own data (tokens, watches, comments): deleted.
``ANONYMISE``  the rows feed statistics (bookings, sign-ups, attendance): kept, the link to
               the person cut (set to NULL) and the listed free-text fields blanked.
``ACTOR``      the person only acted on someone else's row (``granted_by``): the link is
               cut (rows whose link cannot be empty, like admin log entries, are deleted);
               not part of the export beyond a count.
``REMOVE``     a many-to-many link (membership lists, helpers): the link is removed.

Retention: entries with ``retain_after`` (a date field) are anonymised by the retention
job once older than ``MAKERHUB_RETENTION_DAYS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum

from django.apps import apps
from django.db import models


class Policy(Enum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    ACTOR = "actor"
    REMOVE = "remove"


@dataclass(frozen=True)
class Handler:
    model: str  # "app_label.Model"
    field: str  # the relation to the user
    policy: Policy
    scrub: tuple[str, ...] = ()  # free-text fields blanked when anonymised
    retain_after: str | None = None  # date/time field (or path) the retention job looks at
    # Fields set to a fixed value when anonymised (where a constraint forbids blanks).
    replace: dict = dataclass_field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"

    def model_class(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None  # the app is not installed in this configuration


HANDLERS: dict[str, Handler] = {}


def register(
    model: str,
    field_name: str,
    policy: Policy,
    *,
    scrub: tuple[str, ...] = (),
    retain_after: str | None = None,
    replace: dict | None = None,
) -> None:
    handler = Handler(model, field_name, policy, scrub, retain_after, replace or {})
    HANDLERS[handler.key] = handler


# Relations to the user that hold no personal data of their own, with the reason.
EXEMPT: dict[str, str] = {
    "authtoken.TokenProxy.user": "proxy of authtoken.Token, handled there",
}

D, A, X, R = Policy.DELETE, Policy.ANONYMISE, Policy.ACTOR, Policy.REMOVE

# Django and third-party apps.
register("admin.LogEntry", "user", X)
register("account.EmailAddress", "user", D)
register("authtoken.Token", "user", D)
register("privacy.ConsentRecord", "user", D)
# accounts and spaces.
register("spaces.SpaceMembership", "user", D)
register("spaces.Space", "members", R)
# bookings.
register("bookings.QualificationGrant", "user", D)
register("bookings.QualificationGrant", "granted_by", X)
register("bookings.QualificationGrant", "revoked_by", X)
register(
    "bookings.Booking",
    "user",
    A,
    scrub=("note", "cancel_reason"),
    retain_after="end",
)
register("bookings.Booking", "created_by", X)
register("bookings.Booking", "cancelled_by", X)
register("bookings.Booking", "attendance_marked_by", X)
register("bookings.Watch", "user", D)
register("bookings.CalendarFeed", "user", D)
# workshops.
register("workshops.Workshop", "hosts", R)
register(
    "workshops.Signup",
    "user",
    A,
    scrub=("guest_contact", "needs_text", "needs_options", "cancel_reason"),
    retain_after="session__end",  # counted from the workshop, not from the sign-up
    # A sign-up needs a person or a guest name (a constraint): the name says what happened.
    replace={"guest_name": "(anonymised)"},
)
register("workshops.Signup", "attendance_marked_by", X)
register("workshops.Signup", "added_by", X)
# customizer.
register("customizer.ParametricSource", "uploaded_by", X)
register("customizer.Customization", "created_by", X)
register("customizer.Variant", "owner", D)
register("customizer.PrintRequest", "requester", D)
register("customizer.SavedVariant", "owner", D)
# designs: published designs are open works others rely on; they stay, without the link
# to the account (the licence's attribution text is the author's own choice).
register("designs.Design", "author", A)
register("designs.Design", "reviewed_by", X)
register("designs.DesignVersion", "created_by", X)
register("designs.DesignFile", "uploaded_by", X)
register("designs.Make", "user", D)
register("designs.DesignEvent", "user", A, scrub=("note",))
# accessibility.
register("accessibility.AccessibilityFeedback", "user", A, scrub=("name", "email"))
register("accessibility.PlaceProfile", "updated_by", X)
register("accessibility.NeedsProfile", "user", D)
register("accessibility.ConsentEvent", "user", D)
register("accessibility.SupportPerson", "user", D)
register("accessibility.SupportPerson", "supporter", D)
register("accessibility.BarrierNeed", "requester", D)
register("accessibility.BarrierNeed", "helpers", R)
register("accessibility.NeedComment", "author", D)
register("accessibility.NeedStatusChange", "by", X)
register("accessibility.Prototype", "uploaded_by", X)
register("accessibility.PrototypeFeedback", "author", D)


def user_relations() -> list[tuple[str, str]]:
    """Every concrete relation to the user model in the installed apps, as
    ``("app_label.Model", field)``."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and model_field.concrete
                and model_field.related_model is user_model
            ):
                found.append((model._meta.label, model_field.name))
    return found
