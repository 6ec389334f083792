"""iCalendar files for sessions: one event (e-mail attachment) or a feed (a space's list)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event


def calendar_bytes(events: Iterable[dict[str, Any]], *, name: str, method: str = "") -> bytes:
    """``events`` are dicts with uid, summary, start, end (aware), location, url and
    optionally description and ``cancelled``."""
    calendar = Calendar()
    calendar.add("prodid", "-//MakerHub//Workshops//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    stamp = datetime.now(UTC)
    for data in events:
        event = Event()
        event.add("uid", data["uid"])
        event.add("dtstamp", stamp)
        event.add("summary", data["summary"])
        event.add("dtstart", data["start"].astimezone(UTC))
        event.add("dtend", data["end"].astimezone(UTC))
        if data.get("location"):
            event.add("location", data["location"])
        if data.get("url"):
            event.add("url", data["url"])
        if data.get("description"):
            event.add("description", data["description"])
        event.add("status", "CANCELLED" if data.get("cancelled") else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
