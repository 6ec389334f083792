"""E-mails about bookings, each in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bookings import ical, selectors
from bookings.models import Booking, Machine
from bookings.services import HOLD_EXTEND_MINUTES


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _load(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_related("machine", "machine__space", "user")
        .filter(pk=booking_id)
        .first()
    )


def _send(
    booking: Booking, *, subject: str, template: str, context: dict[str, Any], ics: bool = False
) -> None:
    user = booking.user
    if user is None or not user.email:
        return
    machine = booking.machine
    zone = machine.space.zone
    body = render_to_string(
        f"bookings/email/{template}.txt",
        {
            "booking": booking,
            "machine": machine,
            "space": machine.space,
            "user": user,
            "start": timezone.localtime(booking.start, zone),
            "end": timezone.localtime(booking.end, zone),
            "machine_url": _url(machine.get_absolute_url()),
            "my_bookings_url": _url(reverse("my-bookings")),
            **context,
        },
    )
    message = EmailMessage(
        subject=f"[MakerHub] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    if ics:
        message.attach("booking.ics", ical.booking_ics(booking), "text/calendar")
    message.send()


def booking_confirmation_send(*, booking_id: int) -> None:
    booking = _load(booking_id)
    if booking is None or booking.status != Booking.Status.CONFIRMED or booking.user is None:
        return
    with translation.override(booking.user.preferred_language):
        _send(
            booking,
            subject=_("Booking confirmed: %(machine)s") % {"machine": booking.machine.name},
            template="confirmation",
            context={},
            ics=True,
        )


def booking_reminder_send(*, booking_id: int) -> None:
    booking = _load(booking_id)
    if booking is None or booking.status != Booking.Status.CONFIRMED or booking.user is None:
        return
    with translation.override(booking.user.preferred_language):
        _send(
            booking,
            subject=_("Reminder: %(machine)s tomorrow") % {"machine": booking.machine.name},
            template="reminder",
            context={},
            ics=True,
        )


def booking_cancelled_send(*, booking_id: int) -> None:
    """Tell the maker; when someone else cancelled, suggest other free slots of the same
    length on this machine and the next free slot of a similar machine."""
    booking = _load(booking_id)
    if booking is None or booking.user is None:
        return
    by_other = booking.cancelled_by_id != booking.user_id
    slots: list[Any] = []
    similar: list[dict[str, Any]] = []
    if by_other:
        minutes = booking.duration_minutes
        after = max(booking.start, timezone.now())
        machine = Machine.objects.select_related("space").get(pk=booking.machine_id)
        slots = selectors.next_free_slots(machine=machine, minutes=minutes, after=after)
        for other in selectors.similar_machines(machine=machine)[:10]:
            other_slots = selectors.next_free_slots(
                machine=other, minutes=minutes, after=after, count=1
            )
            if other_slots:
                similar.append(
                    {
                        "machine": other,
                        "start": timezone.localtime(other_slots[0].start, other.space.zone),
                        "url": _url(other.get_absolute_url()),
                    }
                )
            if len(similar) >= 2:
                break
        zone = machine.space.zone
        slots = [timezone.localtime(s.start, zone) for s in slots]
    with translation.override(booking.user.preferred_language):
        _send(
            booking,
            subject=_("Booking cancelled: %(machine)s") % {"machine": booking.machine.name},
            template="cancelled",
            context={"by_other": by_other, "slots": slots, "similar": similar},
        )


def _hold_send(booking_id: int, *, subject: str, template: str) -> None:
    """An e-mail about an open hold with its link and its expiry as it is now, read when the
    e-mail is sent (an extended hold names the new expiry)."""
    booking = _load(booking_id)
    if booking is None or booking.status != Booking.Status.HELD or booking.user is None:
        return
    if booking.hold_expires_at is None:
        return
    confirm_url = _url(
        reverse("booking-hold", kwargs={"pk": booking.pk, "token": booking.hold_token})
    )
    expires = timezone.localtime(booking.hold_expires_at, booking.machine.space.zone)
    with translation.override(booking.user.preferred_language):
        _send(
            booking,
            subject=_(subject) % {"machine": booking.machine.name},
            template=template,
            context={
                "confirm_url": confirm_url,
                "expires": expires,
                "extend_minutes": HOLD_EXTEND_MINUTES,
            },
        )


def hold_offered_send(*, booking_id: int) -> None:
    _hold_send(
        booking_id,
        subject=gettext_noop("The time you waited for is free: %(machine)s"),
        template="hold",
    )


def hold_extended_send(*, booking_id: int) -> None:
    _hold_send(
        booking_id,
        subject=gettext_noop("Held for you longer: %(machine)s"),
        template="hold_extended",
    )
