"""Property-based tests (hypothesis) for the availability arithmetic in spaces/hours.py."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from spaces.hours import Interval, merge, open_intervals, subtract

BERLIN = ZoneInfo("Europe/Berlin")
EPOCH = datetime(2026, 3, 20, tzinfo=UTC)  # spans the spring clock change (29 March)

minutes = st.integers(min_value=0, max_value=60 * 24 * 20)
intervals = st.lists(
    st.tuples(minutes, st.integers(min_value=1, max_value=600)).map(
        lambda p: Interval(EPOCH + timedelta(minutes=p[0]), EPOCH + timedelta(minutes=p[0] + p[1]))
    ),
    max_size=12,
)
instants = st.lists(minutes.map(lambda m: EPOCH + timedelta(minutes=m)), min_size=1, max_size=30)


def covered(at, spans):
    return any(span.start <= at < span.end for span in spans)


def well_formed(spans):
    return all(s.start < s.end for s in spans) and all(
        a.end < b.start for a, b in zip(spans, spans[1:], strict=False)
    )


@given(intervals, instants)
def test_merge_keeps_every_instant_and_leaves_no_overlap(spans, points):
    merged = merge(spans)
    assert well_formed(merged)
    assert merge(merged) == merged
    for at in points:
        assert covered(at, merged) == covered(at, spans)


@given(intervals, intervals, instants)
def test_subtract_is_set_difference(base, cuts, points):
    rest = subtract(base, cuts)
    assert all(s.start < s.end for s in rest)
    for at in points:
        assert covered(at, rest) == (covered(at, base) and not covered(at, cuts))


hours = st.integers(min_value=0, max_value=23).filter(lambda h: h != 2)  # 02:xx may not exist
rules = st.lists(
    st.tuples(st.integers(0, 6), hours, hours)
    .filter(lambda r: r[1] < r[2])
    .map(lambda r: (r[0], time(r[1]), time(r[2]))),
    max_size=8,
)
closures = st.lists(
    st.integers(0, 30).map(lambda d: (date(2026, 3, 20) + timedelta(days=d),) * 2), max_size=4
)


@settings(max_examples=150)
@given(rules, closures, minutes, st.integers(1, 60 * 24 * 10), minutes)
def test_open_intervals_respect_rules_closures_and_bounds(weekly, closed, offset, length, split):
    start = EPOCH + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    spans = open_intervals(weekly=weekly, closed_days=closed, zone=BERLIN, start=start, end=end)
    assert well_formed(spans)
    assert all(start <= s.start and s.end <= end for s in spans)
    for span in spans:
        for at in (span.start, span.end - timedelta(seconds=1)):
            local = at.astimezone(BERLIN)
            assert not any(first <= local.date() <= last for first, last in closed)
            assert any(
                weekday == local.weekday() and opens <= local.time() < closes
                for weekday, opens, closes in weekly
            )
    # Splitting the range anywhere gives the same opening times.
    middle = start + timedelta(minutes=split % length)
    left = open_intervals(weekly=weekly, closed_days=closed, zone=BERLIN, start=start, end=middle)
    right = open_intervals(weekly=weekly, closed_days=closed, zone=BERLIN, start=middle, end=end)
    assert merge(left + right) == spans


@given(st.integers(0, 6), hours, hours)
def test_a_day_of_opening_hours_lasts_its_wall_clock_length_except_on_clock_changes(
    weekday, opens_hour, closes_hour
):
    if opens_hour >= closes_hour:
        return
    rule = [(weekday, time(opens_hour), time(closes_hour))]
    week_start = datetime(2026, 6, 1, tzinfo=UTC)  # no clock change in June
    spans = open_intervals(
        weekly=rule,
        closed_days=[],
        zone=BERLIN,
        start=week_start,
        end=week_start + timedelta(days=7),
    )
    assert sum((s.duration for s in spans), timedelta()) == timedelta(
        hours=closes_hour - opens_hour
    )
