from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from spaces.hours import Interval, merge, open_intervals, subtract

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_merge_joins_touching_and_overlapping():
    a = Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 11))
    b = Interval(utc(2026, 1, 1, 11), utc(2026, 1, 1, 12))
    c = Interval(utc(2026, 1, 1, 11, 30), utc(2026, 1, 1, 13))
    assert merge([c, a, b]) == [Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 13))]


def test_subtract_cuts_holes():
    base = [Interval(utc(2026, 1, 1, 8), utc(2026, 1, 1, 18))]
    cuts = [
        Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 10)),
        Interval(utc(2026, 1, 1, 17), utc(2026, 1, 2)),
    ]
    assert subtract(base, cuts) == [
        Interval(utc(2026, 1, 1, 8), utc(2026, 1, 1, 9)),
        Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 17)),
    ]


def test_opening_hours_keep_wall_clock_across_spring_change():
    # 29 March 2026 is the last Sunday of March: clocks jump from 02:00 to 03:00.
    sunday = [(6, time(1, 0), time(12, 0))]
    got = open_intervals(
        weekly=sunday,
        closed_days=[],
        zone=BERLIN,
        start=utc(2026, 3, 28),
        end=utc(2026, 3, 30),
    )
    # 01:00 CET = 00:00 UTC; 12:00 CEST = 10:00 UTC: a day of 10 real hours, not 11.
    assert got == [Interval(utc(2026, 3, 29, 0), utc(2026, 3, 29, 10))]


def test_opening_hours_keep_wall_clock_across_autumn_change():
    # 25 October 2026 is the last Sunday of October: 03:00 becomes 02:00 again.
    sunday = [(6, time(1, 0), time(12, 0))]
    got = open_intervals(
        weekly=sunday,
        closed_days=[],
        zone=BERLIN,
        start=utc(2026, 10, 24),
        end=utc(2026, 10, 26),
    )
    # 01:00 CEST = 23:00 UTC the day before; 12:00 CET = 11:00 UTC: 12 real hours.
    assert got == [Interval(utc(2026, 10, 24, 23), utc(2026, 10, 25, 11))]


def test_closures_and_clipping():
    weekly = [(d, time(10), time(18)) for d in range(7)]
    got = open_intervals(
        weekly=weekly,
        closed_days=[(date(2026, 6, 2), date(2026, 6, 2))],
        zone=BERLIN,
        start=utc(2026, 6, 1, 12),
        end=utc(2026, 6, 3, 9),
    )
    assert got == [
        Interval(utc(2026, 6, 1, 12), utc(2026, 6, 1, 16)),
        Interval(utc(2026, 6, 3, 8), utc(2026, 6, 3, 9)),
    ]


def test_several_intervals_per_day():
    weekly = [(0, time(10), time(12)), (0, time(14), time(16))]
    got = open_intervals(
        weekly=weekly, closed_days=[], zone=BERLIN, start=utc(2026, 6, 1), end=utc(2026, 6, 2)
    )
    assert [(i.start.hour, i.end.hour) for i in got] == [(8, 10), (12, 14)]
