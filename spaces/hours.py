"""Opening hours as concrete time intervals. Pure Python, no Django: easy to test and bench.

Opening hours are wall-clock times in the space's time zone ("Tuesday 14:00-22:00"). On the
days the clocks change, a day is 23 or 25 hours long; we build each interval from the local
date and time and let ``zoneinfo`` give the right UTC offset, so 14:00 stays 14:00.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and join intervals that overlap or touch."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if interval.end <= interval.start:
            continue
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            merged.append(interval)
    return merged


def subtract(base: Iterable[Interval], cuts: Iterable[Interval]) -> list[Interval]:
    """``base`` minus every interval in ``cuts``; both may be unsorted."""
    result: list[Interval] = []
    cut_list = merge(cuts)
    for interval in merge(base):
        pieces = [interval]
        for cut in cut_list:
            if cut.end <= interval.start or cut.start >= interval.end:
                continue
            next_pieces = []
            for piece in pieces:
                if cut.end <= piece.start or cut.start >= piece.end:
                    next_pieces.append(piece)
                    continue
                if cut.start > piece.start:
                    next_pieces.append(Interval(piece.start, cut.start))
                if cut.end < piece.end:
                    next_pieces.append(Interval(cut.end, piece.end))
            pieces = next_pieces
        result.extend(pieces)
    return result


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in ``zone`` shows ``at`` on ``day``, in UTC.

    A time that does not exist (skipped by the spring change) moves forward by the gap; a time
    that exists twice (autumn) is the first of the two."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone, fold=0)
    as_utc = aware.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) != naive:
        # Non-existent local time: fold=1 gives the instant after the gap.
        as_utc = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return as_utc


def open_intervals(
    *,
    weekly: Iterable[tuple[int, time, time]],
    closed_days: Iterable[tuple[date, date]],
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """The instants in [start, end) when the space is open, merged, in UTC.

    ``weekly`` holds (weekday 0=Monday, opens, closes) in local time; ``closed_days`` holds
    inclusive (first day, last day) ranges."""
    if end <= start:
        return []
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in weekly:
        by_weekday.setdefault(weekday, []).append((opens, closes))
    closures = list(closed_days)
    first_day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    intervals = []
    day = first_day
    while day <= last_day:
        if not any(first <= day <= last for first, last in closures):
            for opens, closes in by_weekday.get(day.weekday(), ()):
                opened = local_datetime(day, opens, zone)
                closed = local_datetime(day, closes, zone)
                lo, hi = max(opened, start), min(closed, end)
                if lo < hi:
                    intervals.append(Interval(lo, hi))
        day += timedelta(days=1)
    return merge(intervals)
