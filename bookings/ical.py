"""iCalendar (RFC 5545) files for bookings, built with the ``icalendar`` library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from bookings.models import Booking

PRODID = "-//MakerHub//Bookings//DE"
DOMAIN = "makerhub"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(
    *, uid: str, summary: str, start: datetime, end: datetime, stamp: datetime, **extra: Any
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    for key, value in extra.items():
        if value:
            event.add(key, value)
    return event


def _booking_event(booking: Booking, stamp: datetime) -> Event:
    machine = booking.machine
    space = machine.space
    summary = _("%(machine)s at %(space)s") % {"machine": machine.name, "space": space.name}
    if booking.status == Booking.Status.HELD:
        summary = _("Held for you: %(summary)s") % {"summary": summary}
    return _event(
        uid=f"booking-{booking.pk}@{DOMAIN}",
        summary=summary,
        start=booking.start,
        end=booking.end,
        stamp=stamp,
        location=space.address or space.name,
        url=settings.SITE_URL.rstrip("/") + machine.get_absolute_url(),
        description=booking.note,
        status="CONFIRMED" if booking.status != Booking.Status.HELD else "TENTATIVE",
    )


def booking_ics(booking: Booking) -> bytes:
    """One booking, e.g. as an e-mail attachment."""
    calendar = _calendar(booking.machine.name)
    calendar.add_component(_booking_event(booking, timezone.now()))
    return calendar.to_ical()


def personal_feed(
    *, bookings: Iterable[Booking], extra_events: Iterable[dict[str, Any]] = ()
) -> bytes:
    """A person's bookings (and other events, e.g. their workshops, given as dicts with uid,
    summary, start, end, location, url)."""
    stamp = timezone.now()
    calendar = _calendar(_("My MakerHub bookings"))
    for booking in bookings:
        calendar.add_component(_booking_event(booking, stamp))
    for item in extra_events:
        start, end = _parse(item.get("start")), _parse(item.get("end"))
        if start is None or end is None:
            continue
        calendar.add_component(
            _event(
                uid=str(item.get("uid") or f"event-{start.isoformat()}@{DOMAIN}"),
                summary=str(item.get("summary", "")),
                start=start,
                end=end,
                stamp=stamp,
                location=item.get("location", ""),
                url=item.get("url", ""),
            )
        )
    return calendar.to_ical()


def machine_busy_feed(*, machine_name: str, machine_id: int, bookings: Iterable[Booking]) -> bytes:
    """When a machine is taken, with no personal data: only the time, and whether it is a
    booking or maintenance. Buffers count as taken."""
    stamp = timezone.now()
    calendar = _calendar(_("%(machine)s: busy times") % {"machine": machine_name})
    for booking in bookings:
        summary = _("Maintenance") if booking.kind == Booking.Kind.MAINTENANCE else _("Busy")
        event = _event(
            uid=f"busy-{booking.pk}@{DOMAIN}",
            summary=summary,
            start=booking.start,
            end=booking.blocked_until,
            stamp=stamp,
        )
        event.add("transp", "OPAQUE")
        event.add("class", "PUBLIC")
        calendar.add_component(event)
    return calendar.to_ical()


def _parse(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
