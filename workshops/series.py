"""Dates of a series of sessions (pure: no Django). Wall-clock times are combined with the
space's zone by the caller, so a series keeps its local time across the clock change."""

from __future__ import annotations

from datetime import date, timedelta

NONE = "none"
WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY_WEEKDAY = "monthly-weekday"
REPEATS = (NONE, WEEKLY, BIWEEKLY, MONTHLY_WEEKDAY)
MAX_SESSIONS = 52


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (1-based; 5 = fifth) ``weekday`` of the month, or None if it has no such day."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def series_dates(first: date, repeat: str, count: int) -> list[date]:
    """``count`` dates starting with ``first``. ``monthly-weekday`` keeps the weekday and its
    rank in the month ("every first Tuesday"); months without a fifth such day are skipped."""
    if repeat not in REPEATS:
        raise ValueError(f"unknown repeat {repeat!r}")
    if repeat == NONE or count <= 1:
        return [first]
    count = min(count, MAX_SESSIONS)
    if repeat in (WEEKLY, BIWEEKLY):
        step = timedelta(weeks=1 if repeat == WEEKLY else 2)
        return [first + i * step for i in range(count)]
    rank = (first.day - 1) // 7 + 1
    dates = [first]
    year, month = first.year, first.month
    while len(dates) < count:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = nth_weekday_of_month(year, month, first.weekday(), rank)
        if day is not None:
            dates.append(day)
    return dates
