"""Every write of the accessibility app. Keyword-only, one transaction each; e-mails are sent
after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accessibility import a11yjson
from accessibility.models import (
    AccessibilityFeedback,
    BarrierNeed,
    ConsentEvent,
    EasyReadText,
    MachineAdaptation,
    Need,
    NeedComment,
    NeedPhoto,
    NeedsProfile,
    NeedStatusChange,
    PlaceProfile,
    Prototype,
    PrototypeFeedback,
    SupportPerson,
)
from accounts.models import User
from makerhub.errors import Conflict, NotFound, PermissionDenied, ServiceError
from ops.uploads import image_reencode, zip_check
from spaces.models import Space
from spaces.selectors import user_has_role

# Bump when the consent texts change: people then confirm the new version.
NEEDS_CONSENT_VERSION = "2026-1"
SUPPORT_CONSENT_VERSION = "2026-1"

TEXT_SIZES = ("normal", "large", "larger")

# --- display settings -----------------------------------------------------------------------


def display_settings_set(*, user: User, high_contrast: bool, text_size: str) -> None:
    """Remember the display settings on the account (cookies are the view's business)."""
    if text_size not in TEXT_SIZES:
        raise ServiceError(_("Please choose one of the text sizes."), field="text_size")
    user.high_contrast = high_contrast
    user.text_size = text_size
    user.save(update_fields=["high_contrast", "text_size"])


def easy_read_set(*, user: User, enabled: bool) -> None:
    user.easy_read = enabled
    user.save(update_fields=["easy_read"])


# --- feedback on barriers -----------------------------------------------------------------


def _staff_recipients() -> list[str]:
    """Whoever looks after the site: superusers, staff of any space and the configured
    address (ACCESSIBILITY_FEEDBACK_EMAIL)."""
    from spaces.models import Role

    emails = set(
        User.objects.filter(is_active=True)
        .filter(is_superuser=True)
        .values_list("email", flat=True)
    )
    emails |= set(
        User.objects.filter(is_active=True, memberships__role=Role.STAFF).values_list(
            "email", flat=True
        )
    )
    extra = getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", "")
    if extra:
        emails.add(extra)
    return sorted(emails)


@transaction.atomic
def feedback_submit(
    *, message: str, name: str = "", email: str = "", page_url: str = "", user: User | None = None
) -> AccessibilityFeedback:
    message = message.strip()
    if not message:
        raise ServiceError(_("Please describe the barrier."), field="message")
    if len(message) > 5000:
        raise ServiceError(_("Please use at most 5000 characters."), field="message")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ServiceError(_("Please enter a valid e-mail address."), field="email") from exc
    feedback = AccessibilityFeedback.objects.create(
        message=message,
        name=name.strip()[:120],
        email=email,
        page_url=page_url.strip()[:500],
        user=user if user is not None and user.is_authenticated else None,
    )
    from accessibility.tasks import feedback_notify_task

    transaction.on_commit(lambda: feedback_notify_task.delay(feedback.pk))
    return feedback


def feedback_notify(*, feedback: AccessibilityFeedback) -> int:
    from django.core.mail import send_mail

    recipients = _staff_recipients()
    if not recipients:
        return 0
    body = "\n".join(
        [
            _("A visitor reported a barrier on MakerHub."),
            "",
            f"{_('Page')}: {feedback.page_url or '-'}",
            f"{_('Name')}: {feedback.name or '-'}",
            f"{_('E-mail')}: {feedback.email or '-'}",
            "",
            feedback.message,
        ]
    )
    return send_mail(
        "[MakerHub] " + _("Feedback on accessibility"),
        body,
        None,
        recipients,
        fail_silently=False,
    )


# --- easy read ----------------------------------------------------------------------------


@transaction.atomic
def easy_read_text_save(
    *,
    key: str,
    text: str,
    title: str = "",
    reviewed_by: str = "",
    reviewed_at: Any = None,
    language: str = "de",
) -> EasyReadText:
    """Create or replace the easy-read text for ``key``."""
    if not key.strip():
        raise ServiceError(_("A key is required."), field="key")
    if not text.strip():
        raise ServiceError(_("The text must not be empty."), field="text")
    too_long = [line for line in text.splitlines() if len(line.split()) > 20]
    if too_long:
        raise ServiceError(
            _("Easy-read sentences are short: please split this line: %(line)s")
            % {"line": too_long[0][:80]},
            field="text",
        )
    obj, _created = EasyReadText.objects.update_or_create(
        key=key.strip(),
        language=language,
        defaults={
            "title": title,
            "text": text.strip(),
            "reviewed_by": reviewed_by,
            "reviewed_at": reviewed_at,
        },
    )
    return obj


# --- places and machines --------------------------------------------------------------------


@transaction.atomic
def place_profile_import(
    *, space: Space, document: Any, by: User | None, source: str = ""
) -> PlaceProfile:
    """Replace the space's profile with an A11yJSON document. Staff of the space only.
    Accepts the ``Accessibility`` object or a whole PlaceInfo
    (``{"properties": {"accessibility": {...}}}``)."""
    if by is not None and not user_has_role(user=by, space=space, role="staff"):
        raise PermissionDenied(_("Only the staff of this space can change its profile."))
    if isinstance(document, dict) and isinstance(document.get("properties"), dict):
        document = document["properties"].get("accessibility", {})
    if not isinstance(document, dict):
        raise ServiceError(_("The document must be a JSON object."), field="document")
    errors = a11yjson.validate(document)
    if errors:
        first = next(iter(errors.items()))
        raise ServiceError(
            _("The A11yJSON document is not valid at %(path)s: %(error)s")
            % {"path": first[0], "error": first[1][0]},
            field="document",
            extra={"document_errors": errors},
        )
    profile, _created = PlaceProfile.objects.select_for_update().get_or_create(space=space)
    profile.document = document
    profile.source = source[:250]
    profile.updated_by = by
    profile.save()
    return profile


@transaction.atomic
def machine_adaptation_set(*, machine: Any, by: User | None, **fields: Any) -> MachineAdaptation:
    if by is not None and not user_has_role(user=by, space=machine.space, role="staff"):
        raise PermissionDenied(_("Only the staff of this space can change its machines."))
    low, high = fields.get("table_height_min_cm"), fields.get("table_height_max_cm")
    if low is not None and high is not None and high < low:
        raise ServiceError(
            _("The highest table height must not be below the lowest."),
            field="table_height_max_cm",
        )
    adaptation, _created = MachineAdaptation.objects.update_or_create(
        machine=machine, defaults=fields
    )
    return adaptation


# --- personal needs profile -----------------------------------------------------------------


def _clean_needs(needs: Iterable[str]) -> list[str]:
    needs = list(dict.fromkeys(needs))
    unknown = [n for n in needs if n not in Need.values]
    if unknown:
        raise ServiceError(_("Please choose needs from the list."), field="needs")
    return needs


@transaction.atomic
def needs_profile_save(
    *, user: User, needs: Iterable[str], other_needs: str = "", consent: bool, consent_version: str
) -> NeedsProfile:
    """Store the person's needs. Refused without explicit consent to the current version."""
    if not consent:
        raise ServiceError(
            _("We can only store your needs with your consent. Please tick the box."),
            field="consent",
        )
    if consent_version != NEEDS_CONSENT_VERSION:
        raise Conflict(
            _("The consent text has changed. Please read it again and confirm."),
            code="consent_outdated",
            field="consent",
        )
    cleaned = _clean_needs(needs)
    other_needs = other_needs.strip()
    if len(other_needs) > 1000:
        raise ServiceError(_("Please use at most 1000 characters."), field="other_needs")
    if not cleaned and not other_needs:
        raise ServiceError(_("Please choose at least one need."), field="needs")
    profile = NeedsProfile.objects.select_for_update().filter(user=user).first()
    now = timezone.now()
    if profile is None:
        profile = NeedsProfile(user=user)
    first_consent = profile.pk is None or profile.consent_version != consent_version
    profile.needs = cleaned
    profile.other_needs = other_needs
    profile.consent_version = consent_version
    profile.consent_given_at = profile.consent_given_at if not first_consent else now
    profile.save()
    if first_consent:
        ConsentEvent.objects.create(
            user=user, purpose="needs-profile", version=consent_version, action="given"
        )
    return profile


@transaction.atomic
def needs_profile_withdraw(*, user: User) -> bool:
    """Withdraw consent: the needs are deleted at once. Returns whether there was a profile."""
    deleted, _detail = NeedsProfile.objects.filter(user=user).delete()
    if deleted:
        ConsentEvent.objects.create(
            user=user,
            purpose="needs-profile",
            version=NEEDS_CONSENT_VERSION,
            action=ConsentEvent.Action.WITHDRAWN,
        )
        from accessibility.signals import needs_profile_withdrawn

        transaction.on_commit(lambda: needs_profile_withdrawn.send(sender=NeedsProfile, user=user))
    return bool(deleted)


@transaction.atomic
def support_person_link(
    *, user: User, supporter_email: str, consent: bool, consent_version: str
) -> SupportPerson:
    """The person allows someone to book and sign up for them; their consent is recorded."""
    if not consent:
        raise ServiceError(_("Please confirm that this person may act for you."), field="consent")
    if consent_version != SUPPORT_CONSENT_VERSION:
        raise Conflict(
            _("The consent text has changed. Please read it again and confirm."),
            code="consent_outdated",
            field="consent",
        )
    supporter = User.objects.filter(email__iexact=supporter_email.strip(), is_active=True).first()
    if supporter is None:
        raise ServiceError(
            _("There is no account with this e-mail address. Ask the person to sign up first."),
            field="supporter_email",
        )
    if supporter.pk == user.pk:
        raise ServiceError(_("You cannot be your own support person."), field="supporter_email")
    if SupportPerson.objects.filter(user=user, supporter=supporter, revoked_at=None).exists():
        raise Conflict(_("This person is already your support person."), field="supporter_email")
    try:
        with transaction.atomic():
            link = SupportPerson.objects.create(
                user=user,
                supporter=supporter,
                consent_version=consent_version,
                consent_given_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This person is already your support person."), field="supporter_email"
        ) from exc
    ConsentEvent.objects.create(
        user=user, purpose="support-person", version=consent_version, action="given"
    )
    return link


@transaction.atomic
def support_person_revoke(*, user: User, link_id: int) -> None:
    link = SupportPerson.objects.filter(pk=link_id, user=user, revoked_at=None).first()
    if link is None:
        raise NotFound(_("This support person link does not exist."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    ConsentEvent.objects.create(
        user=user, purpose="support-person", version=link.consent_version, action="withdrawn"
    )


# --- need board ---------------------------------------------------------------------------

NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    BarrierNeed.Status.NEW: (BarrierNeed.Status.DISCUSSION,),
    BarrierNeed.Status.DISCUSSION: (BarrierNeed.Status.PROTOTYPING, BarrierNeed.Status.SOLVED),
    BarrierNeed.Status.PROTOTYPING: (BarrierNeed.Status.TESTING, BarrierNeed.Status.DISCUSSION),
    BarrierNeed.Status.TESTING: (BarrierNeed.Status.SOLVED, BarrierNeed.Status.PROTOTYPING),
    BarrierNeed.Status.SOLVED: (BarrierNeed.Status.TESTING,),
    BarrierNeed.Status.PUBLISHED: (),
}
PHOTO_TYPES = {".jpg", ".jpeg", ".png", ".webp"}
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def is_need_staff(*, user: User | None, need: BarrierNeed) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if need.space_id is not None:
        return user_has_role(user=user, space=need.space, role="staff")  # type: ignore[arg-type]
    from spaces.selectors import spaces_where_user_has_role

    return spaces_where_user_has_role(user=user, role="staff").exists()


def _can_work_on(*, user: User, need: BarrierNeed) -> bool:
    return (
        need.requester_id == user.pk
        or need.helpers.filter(pk=user.pk).exists()
        or is_need_staff(user=user, need=need)
    )


def _check_open(need: BarrierNeed) -> None:
    if need.withdrawn_at is not None:
        raise Conflict(_("This need was withdrawn."), code="withdrawn")
    if need.hidden_at is not None:
        raise Conflict(_("This need was hidden by the staff."), code="hidden")


def _notify(need: BarrierNeed, *, actor: User | None, event: str) -> None:
    from accessibility.tasks import need_notify_task

    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(lambda: need_notify_task.delay(need.pk, event, actor_id))


def _validate_photo(image: UploadedFile, alt_text: str) -> None:
    if not alt_text.strip():
        raise ServiceError(
            _("Please describe each photo for people who cannot see it."), field="photo_alt"
        )
    if Path(image.name or "").suffix.lower() not in PHOTO_TYPES:
        raise ServiceError(_("Photos must be JPEG, PNG or WebP."), field="photo")
    if (image.size or 0) > MAX_PHOTO_BYTES:
        raise ServiceError(_("Photos may be at most 8 MB."), field="photo")
    from PIL import Image

    try:
        with Image.open(image) as img:
            img.verify()
    except Exception as exc:
        raise ServiceError(_("This file is not a readable image."), field="photo") from exc
    image.seek(0)


def _reencode_photo(image: UploadedFile) -> ContentFile:
    """Decoded and written anew under a random name: EXIF (camera, GPS position) is gone."""
    try:
        return image_reencode(image)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field="photo") from error
    finally:
        image.seek(0)


@transaction.atomic
def need_create(
    *,
    requester: User,
    title: str,
    description: str,
    measurements: str = "",
    tried: str = "",
    shown_as: str = BarrierNeed.ShownAs.NAME,
    pseudonym: str = "",
    space: Space | None = None,
    photos: list[tuple[UploadedFile, str]] | None = None,
) -> BarrierNeed:
    title, description = title.strip(), description.strip()
    if not title:
        raise ServiceError(_("Please give your need a short title."), field="title")
    if not description:
        raise ServiceError(_("Please describe the barrier."), field="description")
    if shown_as not in BarrierNeed.ShownAs.values:
        raise ServiceError(_("Please choose how you want to be shown."), field="shown_as")
    if shown_as == BarrierNeed.ShownAs.PSEUDONYM and not pseudonym.strip():
        raise ServiceError(_("Please enter a pseudonym."), field="pseudonym")
    clean_photos = []
    for image, alt in photos or []:
        _validate_photo(image, alt)
        clean_photos.append((_reencode_photo(image), alt))
    need = BarrierNeed.objects.create(
        requester=requester,
        title=title[:160],
        description=description,
        measurements=measurements.strip(),
        tried=tried.strip(),
        shown_as=shown_as,
        pseudonym=pseudonym.strip()[:80] if shown_as == BarrierNeed.ShownAs.PSEUDONYM else "",
        space=space,
    )
    for clean, alt in clean_photos:
        NeedPhoto.objects.create(need=need, image=clean, alt_text=alt.strip()[:250])
    return need


@transaction.atomic
def need_comment_add(
    *, need: BarrierNeed, author: User, text: str, kind: str = NeedComment.Kind.COMMENT
) -> NeedComment:
    _check_open(need)
    text = text.strip()
    if not text:
        raise ServiceError(_("Please write a comment."), field="text")
    if len(text) > 4000:
        raise ServiceError(_("Please use at most 4000 characters."), field="text")
    if kind not in NeedComment.Kind.values:
        raise ServiceError(_("Unknown kind of comment."), field="kind")
    comment = NeedComment.objects.create(need=need, author=author, text=text, kind=kind)
    _notify(need, actor=author, event="offer" if kind == NeedComment.Kind.OFFER else "comment")
    return comment


@transaction.atomic
def need_take_on(*, need: BarrierNeed, user: User) -> BarrierNeed:
    """A maker takes the need on: they become a helper; a new need moves to discussion."""
    need = BarrierNeed.objects.select_for_update().get(pk=need.pk)
    _check_open(need)
    if need.requester_id == user.pk:
        raise ServiceError(_("This is your own need."), code="own_need")
    need.helpers.add(user)
    if need.status == BarrierNeed.Status.NEW:
        _status_write(need, by=user, status=BarrierNeed.Status.DISCUSSION, note="")
    _notify(need, actor=user, event="taken_on")
    return need


def _status_write(need: BarrierNeed, *, by: User | None, status: str, note: str) -> None:
    NeedStatusChange.objects.create(
        need=need, by=by, old_status=need.status, new_status=status, note=note[:300]
    )
    need.status = status
    need.save(update_fields=["status", "updated_at"])


@transaction.atomic
def need_status_set(*, need: BarrierNeed, by: User, status: str, note: str = "") -> BarrierNeed:
    need = BarrierNeed.objects.select_for_update().get(pk=need.pk)
    _check_open(need)
    if not _can_work_on(user=by, need=need):
        raise PermissionDenied(
            _("Only the person with the need, the helpers and the staff can change the status.")
        )
    if status not in BarrierNeed.Status.values:
        raise ServiceError(_("Unknown status."), field="status")
    if status == BarrierNeed.Status.PUBLISHED:
        raise ServiceError(_("A need is published by turning it into a design."), field="status")
    if status not in NEXT_STATUSES[need.status]:
        raise Conflict(
            _("A need cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": BarrierNeed.Status(need.status).label,
                "new": BarrierNeed.Status(status).label,
            },
            field="status",
        )
    _status_write(need, by=by, status=status, note=note)
    _notify(need, actor=by, event="status")
    return need


def _validate_prototype_file(file: UploadedFile) -> None:
    """Validate like a design file: the designs app decides the kind by content
    (``sniff_kind``) and STL files go through its geometry check (``validate_stl``); a
    rejected STL is refused here at once with the check's reason. Photos are allowed too."""
    from designs import services as design_services
    from designs import stl

    size = file.size or 0
    if size == 0:
        raise ServiceError(_("The file is empty."), field="file")
    if size > design_services.MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The file is too large: at most %(mb)s MB are accepted.")
            % {"mb": design_services.MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    name = Path(file.name or "file").name
    kind = design_services.sniff_kind(head, size, name)
    if kind is None and (head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff"):
        return  # a photo of a prototype
    if kind is None and name.lower().endswith(".stl"):
        kind = "stl"
    if kind is None:
        raise ServiceError(
            _("This file type is not accepted. Accepted are: %(kinds)s and photos.")
            % {"kinds": design_services.ACCEPTED_KINDS_TEXT},
            field="file",
        )
    if kind == "3mf":
        # Entry count, unpacked size and names that stay inside the archive.
        try:
            zip_check(file)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), field="file") from error
        file.seek(0)
    if kind == "stl":
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".stl") as temporary:
            for chunk in file.chunks():
                temporary.write(chunk)
            temporary.flush()
            report = stl.validate_stl(temporary.name)
        file.seek(0)
        if report.verdict == stl.REJECTED:
            reasons = [p.message for p in report.problems if p.severity == stl.ERROR]
            raise ServiceError(
                _("This STL file cannot be used: %(reason)s") % {"reason": reasons[0]},
                field="file",
            )


@transaction.atomic
def prototype_add(
    *, need: BarrierNeed, by: User, file: UploadedFile, description: str
) -> Prototype:
    _check_open(need)
    if not _can_work_on(user=by, need=need):
        raise PermissionDenied(
            _("Only the person with the need and the helpers can add prototypes.")
        )
    if not description.strip():
        raise ServiceError(_("Please say what is new in this prototype."), field="description")
    _validate_prototype_file(file)
    prototype = Prototype.objects.create(
        need=need,
        uploaded_by=by,
        file=file,
        original_name=Path(file.name or "file").name[:200],
        description=description.strip()[:300],
    )
    if need.status in (BarrierNeed.Status.NEW, BarrierNeed.Status.DISCUSSION):
        _status_write(need, by=by, status=BarrierNeed.Status.PROTOTYPING, note="")
    _notify(need, actor=by, event="prototype")
    return prototype


@transaction.atomic
def prototype_feedback_add(*, prototype: Prototype, author: User, text: str) -> PrototypeFeedback:
    need = prototype.need
    _check_open(need)
    if not _can_work_on(user=author, need=need):
        raise PermissionDenied(
            _("Only the person with the need and the helpers can give feedback.")
        )
    text = text.strip()
    if not text:
        raise ServiceError(_("Please write your feedback."), field="text")
    feedback = PrototypeFeedback.objects.create(
        prototype=prototype, author=author, text=text[:2000]
    )
    _notify(need, actor=author, event="feedback")
    return feedback


def need_can_work_on(*, user: User | None, need: BarrierNeed) -> bool:
    """Whether this person may arrange the meeting and see its booking: the person with the
    need, a helper, or staff."""
    if user is None or not user.is_authenticated:
        return False
    return _can_work_on(user=user, need=need)


def meeting_booking_allowed(*, booking: Any, user: User) -> bool:
    """Whether ``user`` may link this booking to a need: their own booking, or any booking at
    a space where they are staff. Bookings belong to a person, so nobody else's."""
    if booking.kind != "booking" or booking.status in ("cancelled", "expired"):
        return False
    if booking.user_id == user.pk:
        return True
    return bool(user.is_superuser) or user_has_role(
        user=user, space=booking.machine.space, role="staff"
    )


def _meeting_booking(*, need: BarrierNeed, by: User, booking_id: int | None) -> Any:
    from bookings.models import Booking

    if booking_id is None:
        return None
    if booking_id == need.meeting_booking_id:
        return need.meeting_booking  # unchanged: a helper may save the form again
    booking = Booking.objects.select_related("machine__space").filter(pk=booking_id).first()
    if booking is None or not meeting_booking_allowed(booking=booking, user=by):
        raise ServiceError(
            _(
                "You can only link one of your own bookings (staff: a booking at their "
                "space). Please choose another booking."
            ),
            field="meeting_booking",
        )
    return booking


def _meeting_session(*, need: BarrierNeed, session_id: int | None) -> Any:
    from workshops.models import Session

    if session_id is None:
        return None
    if session_id == need.meeting_session_id:
        return need.meeting_session
    session = (
        Session.objects.filter(pk=session_id, start__gt=timezone.now(), cancelled_at__isnull=True)
        .select_related("workshop")
        .first()
    )
    if session is None:
        raise ServiceError(
            _("Please choose an upcoming workshop date that has not been cancelled."),
            field="meeting_session",
        )
    return session


@transaction.atomic
def need_meeting_set(
    *,
    need: BarrierNeed,
    by: User,
    note: str,
    link: str = "",
    meeting_booking: int | None = None,
    meeting_session: int | None = None,
) -> BarrierNeed:
    """Requester and helpers agree where and when they meet, e.g. a booking or a workshop.
    ``meeting_booking``/``meeting_session`` are ids; ``None`` clears the link."""
    _check_open(need)
    if not _can_work_on(user=by, need=need):
        raise PermissionDenied(_("Only the person with the need and the helpers can do this."))
    need.meeting_booking = _meeting_booking(need=need, by=by, booking_id=meeting_booking)
    need.meeting_session = _meeting_session(need=need, session_id=meeting_session)
    link = link.strip()
    if link and not (
        (link.startswith("/") and not link.startswith("//"))
        or link.startswith(("https://", "http://"))
    ):
        raise ServiceError(
            _("Please give an address on this site (starting with /) or a web address."),
            field="link",
        )
    need.meeting_note = note.strip()[:300]
    need.meeting_link = link[:500]
    need.save(
        update_fields=[
            "meeting_note",
            "meeting_link",
            "meeting_booking",
            "meeting_session",
            "updated_at",
        ]
    )
    _notify(need, actor=by, event="meeting")
    return need


@transaction.atomic
def need_hide(*, need: BarrierNeed, by: User, reason: str) -> BarrierNeed:
    if not is_need_staff(user=by, need=need):
        raise PermissionDenied(_("Only staff can hide content."))
    if not reason.strip():
        raise ServiceError(_("Please give a reason."), field="reason")
    need.hidden_at = timezone.now()
    need.hidden_reason = reason.strip()[:200]
    need.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    return need


@transaction.atomic
def comment_hide(*, comment: NeedComment, by: User) -> NeedComment:
    if not is_need_staff(user=by, need=comment.need):
        raise PermissionDenied(_("Only staff can hide content."))
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden_at"])
    return comment


@transaction.atomic
def need_withdraw(*, need: BarrierNeed, by: User) -> BarrierNeed:
    if need.requester_id != by.pk:
        raise PermissionDenied(_("Only the person who wrote the need can withdraw it."))
    if need.withdrawn_at is None:
        need.withdrawn_at = timezone.now()
        need.save(update_fields=["withdrawn_at", "updated_at"])
        for photo in need.photos.all():
            photo.image.delete(save=False)
        need.photos.all().delete()
    return need


@transaction.atomic
def need_design_create(*, need: BarrierNeed, by: User) -> Any:
    """Turn a solved need into a draft design in the library, crediting the requester as
    co-designer under the name they chose, and link need and design both ways
    (``need.design`` here, ``design.source_needs`` there)."""
    need = BarrierNeed.objects.select_for_update().get(pk=need.pk)
    _check_open(need)
    if not _can_work_on(user=by, need=need):
        raise PermissionDenied(_("Only the person with the need and the helpers can do this."))
    if need.status != BarrierNeed.Status.SOLVED:
        raise Conflict(_("Only a solved need can become a design."), field="status")
    if need.design_id is not None:
        raise Conflict(_("This need already became a design."))
    if need.space_id is None:
        raise ServiceError(
            _("Please choose the space where the design was made first."), field="space"
        )
    from designs import services as design_services

    design = design_services.design_create(**design_create_arguments(need=need, by=by))
    latest = need.prototypes.order_by("-created_at").first()
    if latest is not None:
        with latest.file.open("rb") as handle:
            upload = ContentFile(
                handle.read(),
                name=latest.original_name or Path(latest.file.name or "prototype").name,
            )
        design_services.design_file_add(design=design, user=by, upload=upload)  # type: ignore[arg-type]
    need.design = design
    need.save(update_fields=["design", "updated_at"])
    _status_write(need, by=by, status=BarrierNeed.Status.PUBLISHED, note="")
    _notify(need, actor=by, event="design")
    return design


@transaction.atomic
def need_design_link(*, need: BarrierNeed, design: Any, by: User) -> BarrierNeed:
    """Link a solved need to a design that already exists in the library (e.g. one made
    before the need was on the board); the need counts as published."""
    need = BarrierNeed.objects.select_for_update().get(pk=need.pk)
    _check_open(need)
    if not _can_work_on(user=by, need=need):
        raise PermissionDenied(_("Only the person with the need and the helpers can do this."))
    if need.status != BarrierNeed.Status.SOLVED:
        raise Conflict(_("Only a solved need can become a design."), field="status")
    if need.design_id is not None:
        raise Conflict(_("This need already became a design."))
    need.design = design
    need.save(update_fields=["design", "updated_at"])
    _status_write(need, by=by, status=BarrierNeed.Status.PUBLISHED, note="")
    _notify(need, actor=by, event="design")
    return need


def design_create_arguments(*, need: BarrierNeed, by: User) -> dict[str, Any]:
    """The pre-filled draft for designs.services.design_create: title, summary, the
    description with measurements and what was tried, and the requester credited as
    co-designer under the name they chose, then the helpers. The licence is a proposal
    (CC BY-SA) the co-designers can change before publishing."""
    description = need.description
    if need.measurements:
        description += "\n\n" + _("Measurements") + ":\n" + need.measurements
    if need.tried:
        description += "\n\n" + _("What was tried") + ":\n" + need.tried
    description += "\n\n" + _("Co-designed on the MakerHub need board.")
    names = [_("%(name)s (co-designer)") % {"name": need.requester_name}]
    names += [h.public_name for h in need.helpers.all() if h.pk != by.pk]
    return {
        "author": by,
        "space": need.space,
        "title": need.title,
        "summary": need.description[:300],
        "licence": "CC-BY-SA-4.0",
        "description": description,
        "co_designers_text": ", ".join(names)[:300],
        "changelog": _("Created from a need on the need board"),
    }
