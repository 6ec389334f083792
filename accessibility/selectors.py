"""Reads with rules. Other apps call the hooks marked *hook*; everything about a person's
needs goes through here, so that nobody but the person (and whom they share with) sees them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language

from accessibility import a11yjson
from accessibility.models import (
    BarrierNeed,
    EasyReadText,
    MachineAdaptation,
    Need,
    NeedComment,
    NeedsProfile,
    PlaceProfile,
    SupportPerson,
)
from accounts.models import User
from makerhub.errors import NotFound
from spaces.models import Space

CONTRAST_COOKIE = "mh_contrast"
TEXT_SIZE_COOKIE = "mh_text_size"
EASY_READ_COOKIE = "mh_easy_read"
TEXT_SIZES = ("normal", "large", "larger")

# --- display settings -----------------------------------------------------------------------


def display_settings(request: HttpRequest) -> dict[str, Any]:
    """High contrast, text size and easy read for this request: the account's settings when
    logged in, else the visitor's cookies."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {
            "high_contrast": bool(user.high_contrast),
            "text_size": user.text_size if user.text_size in TEXT_SIZES else "normal",
            "easy_read": bool(user.easy_read),
        }
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return {
        "high_contrast": request.COOKIES.get(CONTRAST_COOKIE) == "1",
        "text_size": size if size in TEXT_SIZES else "normal",
        "easy_read": request.COOKIES.get(EASY_READ_COOKIE) == "1",
    }


def easy_read_enabled(request: HttpRequest | None) -> bool:
    """*hook*: whether this visitor asked for easy-to-read language."""
    if request is None:
        return False
    cached = getattr(request, "_makerhub_easy_read", None)
    if cached is None:
        cached = display_settings(request)["easy_read"]
        request._makerhub_easy_read = cached  # type: ignore[attr-defined]
    return bool(cached)


# --- easy read ----------------------------------------------------------------------------


def easy_read_text(*, key: str, language: str = "de") -> EasyReadText | None:
    """*hook*: the easy-read text for a key ("privacy", "consent:<name>:<version>",
    "design:<pk>", "workshop:<pk>", ...), or None."""
    return EasyReadText.objects.filter(key=key, language=language).first()


def easy_read_keys_existing(*, keys: Iterable[str], language: str = "de") -> set[str]:
    """*hook* for lists: which of these keys have an easy-read text (one query)."""
    return set(
        EasyReadText.objects.filter(key__in=list(keys), language=language).values_list(
            "key", flat=True
        )
    )


# --- places and machines --------------------------------------------------------------------


def place_document(*, space: Space) -> dict[str, Any] | None:
    profile = PlaceProfile.objects.filter(space=space).only("document").first()
    return profile.document if profile is not None else None


def place_info(*, space: Space, document: dict[str, Any]) -> dict[str, Any]:
    """The space as an A11yJSON PlaceInfo (GeoJSON Feature without geometry)."""
    return {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "name": space.name,
            "address": {"text": space.address} if space.address else None,
            "accessibility": document,
        },
    }


def spaces_with_features(*, features: list[str]) -> list[Space]:
    """Spaces whose profile shows every feature asked for. Unknown counts as not shown."""
    spaces = Space.objects.select_related("place_profile").order_by("name")
    if not features:
        return list(spaces)
    return [
        space
        for space in spaces
        if hasattr(space, "place_profile")
        and a11yjson.has_features(space.place_profile.document, features)
    ]


ADAPTATION_FEATURES = {
    "adapted_controls": "adapted_controls",
    "safety_guard": "safety_guard",
    "seated_operation": "seated_operation",
    "height_adjustable_table": "height_adjustable_table",
}


def machines_with_adaptations(*, features: list[str], space: Space | None = None) -> QuerySet:
    """*hook* for the machine list: machines that have every adaptation asked for."""
    from bookings.models import Machine

    machines = Machine.objects.select_related("space", "adaptation")
    if space is not None:
        machines = machines.filter(space=space)
    for name in features:
        if name in ADAPTATION_FEATURES:
            machines = machines.filter(**{f"adaptation__{ADAPTATION_FEATURES[name]}": True})
    return machines.order_by("space__name", "name")


def machine_adaptation(*, machine: Any) -> MachineAdaptation | None:
    return MachineAdaptation.objects.filter(machine=machine).first()


def space_section(*, space: Space, user: User | None) -> dict[str, Any] | None:
    """*hook* for the space page: the place profile, in statements with measurements."""
    document = place_document(space=space)
    from bookings.models import Machine

    adaptations = list(
        MachineAdaptation.objects.filter(machine__space=space).select_related("machine")
    )
    return {
        "template": "accessibility/partials/space_section.html",
        "space": space,
        "known": bool(document),
        "sections": a11yjson.describe(document or {}, language=get_language() or "de"),
        "adaptations": adaptations,
        "machines_without": Machine.objects.filter(space=space, adaptation__isnull=True).count()
        if adaptations
        else None,
        "easy_read_key": f"space:{space.slug}",
    }


# --- personal needs profile -----------------------------------------------------------------


def needs_profile_for_owner(*, user: User) -> NeedsProfile | None:
    """The person's own profile. Never call this with anyone but the logged-in person."""
    if not user.is_authenticated:
        return None
    return NeedsProfile.objects.filter(user=user).first()


def _need_labels(profile: NeedsProfile) -> list[str]:
    labels = dict(Need.choices)
    result = [str(labels[n]) for n in profile.needs if n in labels]
    if profile.other_needs:
        result.append(profile.other_needs)
    return result


def user_needs_more_time(*, user: User) -> bool:
    """*hook* for booking rules: the person asked for more time at the machine."""
    if user is None or not user.is_authenticated:
        return False
    profile = NeedsProfile.objects.filter(user=user).only("needs").first()
    return profile is not None and Need.MORE_TIME in profile.needs


def profile_needs_for_sharing(*, user: User) -> list[str]:
    """*hook* for workshop sign-ups: the needs, in words, that the person may choose to share.
    Empty without a profile (no consent, no data)."""
    if user is None or not user.is_authenticated:
        return []
    profile = NeedsProfile.objects.filter(user=user).first()
    return _need_labels(profile) if profile else []


def shared_needs_for_bookings(*, bookings: Iterable[Any]) -> dict[int, list[str]]:
    """*hook* for the staff day plan: needs of the bookings whose person chose to share them
    (``booking.share_needs``), keyed by booking id. One query."""
    bookings = [b for b in bookings if getattr(b, "share_needs", False)]
    if not bookings:
        return {}
    profiles = {
        p.user_id: p for p in NeedsProfile.objects.filter(user_id__in={b.user_id for b in bookings})
    }
    result: dict[int, list[str]] = {}
    for booking in bookings:
        profile = profiles.get(booking.user_id)
        if profile is not None:
            result[booking.pk] = _need_labels(profile)
    return result


def support_links_for_user(*, user: User) -> QuerySet[SupportPerson]:
    return SupportPerson.objects.filter(user=user, revoked_at=None).select_related("supporter")


def users_supported_by(*, supporter: User) -> QuerySet[User]:
    """*hook*: the people who allowed ``supporter`` to book and sign up for them."""
    if supporter is None or not supporter.is_authenticated:
        return User.objects.none()
    return User.objects.filter(
        support_persons__supporter=supporter, support_persons__revoked_at=None
    ).order_by("display_name")


def user_can_act_for(*, actor: User, user: User) -> bool:
    """*hook*: may ``actor`` book or sign up on behalf of ``user``? Themselves, or as an
    active support person the user consented to."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.pk == user.pk:
        return True
    return SupportPerson.objects.filter(user=user, supporter=actor, revoked_at=None).exists()


# --- need board ---------------------------------------------------------------------------


def _is_any_staff(user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from spaces.selectors import spaces_where_user_has_role

    return spaces_where_user_has_role(user=user, role="staff").exists()


def needs_list(
    *, user: User | None, status: str = "", space: str = "", mine: bool = False
) -> QuerySet[BarrierNeed]:
    """Needs on the board: withdrawn ones never, hidden ones only for staff."""
    needs = BarrierNeed.objects.filter(withdrawn_at=None).select_related("requester", "space")
    if not _is_any_staff(user):
        needs = needs.filter(hidden_at=None)
    if status:
        needs = needs.filter(status=status)
    if space:
        needs = needs.filter(space__slug=space)
    if mine and user is not None and user.is_authenticated:
        needs = needs.filter(Q(requester=user) | Q(helpers=user)).distinct()
    return needs.annotate(
        comment_count=Count("comments", filter=Q(comments__hidden_at=None), distinct=True),
        helper_count=Count("helpers", distinct=True),
    ).order_by("-created_at")


def need_get_for_user(*, pk: int, user: User | None) -> BarrierNeed:
    """The need if this person may see it. Withdrawn needs only for the requester."""
    need = (
        BarrierNeed.objects.select_related("requester", "space")
        .prefetch_related(
            "photos",
            "helpers",
            Prefetch("comments", queryset=NeedComment.objects.select_related("author")),
            "prototypes__feedback__author",
            "status_changes__by",
        )
        .filter(pk=pk)
        .first()
    )
    if need is None or not need_visible(need=need, user=user):
        raise NotFound("need")
    return need


def need_visible(*, need: BarrierNeed, user: User | None) -> bool:
    """Needs are public on the board, but a withdrawn one only for its requester and a
    hidden one only for the requester and staff."""
    is_requester = user is not None and user.is_authenticated and need.requester_id == user.pk
    if need.withdrawn_at is not None and not is_requester:
        return False
    return need.hidden_at is None or is_requester or _is_any_staff(user)


def need_design(*, need: BarrierNeed) -> Any:
    """The design a need became, or None."""
    return need.design if need.design_id is not None else None


def need_for_design(*, design: Any) -> BarrierNeed | None:
    """*hook* for the design page: the need a design came from (the link back)."""
    return BarrierNeed.objects.filter(design=design, withdrawn_at=None, hidden_at=None).first()


def design_section(*, design: Any, user: User | None) -> dict[str, Any] | None:
    """*hook* for the design page: where the design came from on the need board (the link
    back from design to need), with the requester under the name they chose."""
    need = need_for_design(design=design)
    if need is None:
        return None
    return {
        "template": "accessibility/partials/design_section.html",
        "need": need,
        "helpers": [h.public_name for h in need.helpers.all()],
    }


def feedback_recipients_configured() -> bool:
    return bool(getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", ""))


def served_files() -> list[Any]:
    """Photos and prototype files follow their need: gone with a withdrawn or hidden need
    for everyone who could not see the need itself (ops/media.py)."""
    from ops.media import ServedFile

    def via_need(row: Any, user: Any) -> bool:
        return need_visible(need=row.need, user=user)

    return [
        ServedFile(
            "accessibility.NeedPhoto",
            "image",
            visible=via_need,
            select_related=("need",),
            download_name=lambda row: f"need-{row.need_id}-photo-{row.pk}",
        ),
        ServedFile(
            "accessibility.Prototype",
            "file",
            visible=via_need,
            select_related=("need",),
            download_name=lambda row: (
                PurePosixPath(row.original_name).stem or f"need-{row.need_id}-prototype-{row.pk}"
            ),
        ),
    ]
