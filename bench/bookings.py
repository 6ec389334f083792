"""Benchmark: machine availability, the staff day plan, and concurrent booking.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/makerhub_bookings \\
        .venv/bin/python bench/bookings.py [--runs 30] [--clients 16] [--attempts 25]

Works on a throwaway database ("test_<name>", created and dropped here; your data is never
touched). Prints a table:

- availability of one machine over 4 weeks with 10,000 bookings in the database: median and
  p95 time, and the number of queries (it must not grow with the bookings);
- the staff day plan of a space with 150 machines and 3,000 bookings that day: median, p95,
  queries;
- booking throughput with 16 concurrent clients (threads, each with its own connection)
  racing for overlapping slots, and the number of overlapping active bookings found
  afterwards with SQL (must be 0). PostgreSQL only: SQLite serialises every writer on one
  file lock, so a throughput number there would say nothing about production.

Exits 1 if an overlap is found or the query counts grow with the data.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makerhub.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bookings import selectors, services  # noqa: E402
from bookings.models import Booking, Machine  # noqa: E402
from makerhub.errors import ServiceError  # noqa: E402
from spaces.hours import local_datetime  # noqa: E402
from spaces.models import OpeningHours, Role, Space  # noqa: E402
from spaces.services import membership_set  # noqa: E402


def measure(function: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """Median and p95 in milliseconds, and the queries of one run."""
    function()  # warm up
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper counts across requests (a request resets Django's query log).
    with connection.execute_wrapper(count):
        function()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(executed)


def make_space(slug: str) -> Space:
    space = Space.objects.create(name=slug, slug=slug, short_description="bench")
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=d, opens=clock_time(8, 0), closes=clock_time(22, 0))
        for d in range(7)
    )
    return space


def make_machines(space: Space, count: int, prefix: str) -> list[Machine]:
    return Machine.objects.bulk_create(
        Machine(
            space=space,
            name=f"{prefix} {i}",
            slug=f"{prefix}-{i}",
            kind=Machine.Kind.FDM_PRINTER,
            slot_minutes=30,
            min_duration_minutes=30,
            max_duration_minutes=240,
            buffer_minutes=0,
            max_days_ahead=120,
            max_hours_per_week=1000,
        )
        for i in range(count)
    )


def fill(machines: list[Machine], user: User, first_day: datetime, total: int) -> None:
    """``total`` half-hour bookings spread over the machines, back to back from 08:00."""
    zone = machines[0].space.zone
    rows = []
    per_machine = -(-total // len(machines))  # at least ``total`` in all
    for machine in machines:
        for i in range(per_machine):
            day = first_day.date() + timedelta(days=i // 28)
            start = local_datetime(day, clock_time(8, 0), zone) + timedelta(minutes=30 * (i % 28))
            end = start + timedelta(minutes=30)
            rows.append(
                Booking(machine=machine, user=user, start=start, end=end, blocked_until=end)
            )
    Booking.objects.bulk_create(rows, batch_size=2000)


def bench_availability(runs: int, first_day: datetime) -> list[tuple[str, str, str, str]]:
    space = make_space("bench-availability")
    user = User.objects.create_user(email="bench-a@example.org", password=None)
    target, *others = make_machines(space, 40, "avail")
    rows = []
    start, end = first_day, first_day + timedelta(days=28)

    def run() -> None:
        selectors.machine_availability(machine=target, start=start, end=end)

    fill([target], user, first_day, 200)
    median, p95, queries_small = measure(run, runs)
    rows.append(
        ("availability, 4 weeks, 200 bookings", f"{median:.1f}", f"{p95:.1f}", str(queries_small))
    )
    fill(others, user, first_day, 10_000 - 200)
    assert Booking.objects.count() >= 10_000
    median, p95, queries = measure(run, runs)
    rows.append(
        (
            f"availability, 4 weeks, {Booking.objects.count()} bookings in DB",
            f"{median:.1f}",
            f"{p95:.1f}",
            str(queries),
        )
    )
    if queries != queries_small:
        rows.append(("!! query count grew with bookings", "", "", ""))
    return rows


def bench_day_plan(runs: int, first_day: datetime) -> list[tuple[str, str, str, str]]:
    space = make_space("bench-dayplan")
    staff = User.objects.create_user(email="bench-staff@example.org", password=None)
    membership_set(space=space, user=staff, role=Role.STAFF)
    people = [
        User.objects.create_user(email=f"bench-p{i}@example.org", password=None) for i in range(3)
    ]
    client = Client()
    client.force_login(staff)
    day = first_day.date()
    url = f"/spaces/{space.slug}/day-plan/?date={day.isoformat()}"
    rows = []
    small = make_machines(space, 5, "plan-small")
    fill(small, people[0], first_day, 5 * 10)
    _median, _p95, queries_small = measure(lambda: client.get(url), 3)
    Machine.objects.filter(pk__in=[m.pk for m in small]).delete()
    machines = make_machines(space, 150, "plan")
    for index, person in enumerate(people):
        fill(machines[index::3], person, first_day, len(machines[index::3]) * 20)
    count = Booking.objects.filter(machine__space=space, start__date=day).count()

    def run() -> None:
        response = client.get(url)
        assert response.status_code == 200

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        cProfile.runctx("run()", globals(), locals(), "/tmp/dayplan.prof")
        pstats.Stats("/tmp/dayplan.prof").sort_stats("cumulative").print_stats(25)
    median, p95, queries = measure(run, max(5, runs // 3))
    rows.append(
        (f"day plan, 150 machines, {count} bookings", f"{median:.1f}", f"{p95:.1f}", str(queries))
    )
    if queries != queries_small:
        rows.append((f"!! day plan queries grew ({queries_small} -> {queries})", "", "", ""))
    return rows


def overlapping_active_bookings() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM bookings_booking a JOIN bookings_booking b
              ON a.machine_id = b.machine_id AND a.id < b.id
             AND a.start < b.blocked_until AND b.start < a.blocked_until
             WHERE a.status IN ('confirmed', 'held', 'checked_in', 'no_show')
               AND b.status IN ('confirmed', 'held', 'checked_in', 'no_show')
            """
        )
        return int(cursor.fetchone()[0])


def bench_throughput(clients: int, attempts: int, first_day: datetime) -> list[tuple[str, ...]]:
    space = make_space("bench-throughput")
    machines = make_machines(space, 4, "race")
    people = [
        User.objects.create_user(email=f"bench-c{i}@example.org", password=None)
        for i in range(clients)
    ]
    zone = space.zone
    barrier = threading.Barrier(clients)
    outcome = {"ok": 0, "conflict": 0, "other": 0}
    lock = threading.Lock()

    def client(index: int) -> None:
        rng = random.Random(index)  # noqa: S311 - a benchmark, not a secret
        person = people[index]
        try:
            barrier.wait()
            for _ in range(attempts):
                machine = machines[rng.randrange(len(machines))]
                day = first_day.date() + timedelta(days=rng.randrange(3))
                start = local_datetime(day, clock_time(8, 0), zone) + timedelta(
                    minutes=30 * rng.randrange(24)
                )
                end = start + timedelta(minutes=30 * rng.choice((1, 2, 3, 4)))
                try:
                    services.booking_create(machine=machine, user=person, start=start, end=end)
                    key = "ok"
                except ServiceError as error:
                    key = "conflict" if error.status_code == 409 else "other"
                with lock:
                    outcome[key] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    total = clients * attempts
    return [
        (
            f"throughput, {clients} clients x {attempts} attempts",
            f"{total / elapsed:.0f} req/s",
            f"{elapsed:.2f} s total",
            "",
        ),
        (
            "  created / 409 overlap / other 4xx",
            f"{outcome['ok']} / {outcome['conflict']} / {outcome['other']}",
            "",
            "",
        ),
        ("  overlapping active bookings afterwards", str(overlapping_active_bookings()), "", ""),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--attempts", type=int, default=25)
    args = parser.parse_args()

    vendor = connection.vendor
    if vendor == "sqlite":
        print(
            "DATABASE_URL is not set to PostgreSQL: using SQLite. Availability and the day "
            "plan are measured; the concurrency part needs PostgreSQL (SQLite lets one writer "
            "at a time, and has no exclusion constraint) and is skipped.\n"
            "  e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/makerhub_bookings "
            ".venv/bin/python bench/bookings.py\n"
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failed = False
    try:
        now = timezone.now()
        first_day = local_datetime(
            (now + timedelta(days=7 - now.weekday() + 7)).date(),
            clock_time(0, 0),
            Space().zone,
        )
        rows: list[tuple[str, ...]] = [("measurement", "median ms", "p95 ms", "queries")]
        rows += bench_availability(args.runs, first_day)
        rows += bench_day_plan(args.runs, first_day)
        if os.environ.get("BENCH_PROFILE"):
            return 0
        if vendor == "postgresql":
            rows += bench_throughput(args.clients, args.attempts, first_day)
            failed = rows[-1][1] != "0"
        else:
            rows.append(("throughput (16 clients)", "skipped: needs PostgreSQL", "", ""))
        failed = failed or any(row[0].startswith("!!") for row in rows)
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        print(f"database: {vendor}")
        for index, row in enumerate(rows):
            print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                print("  ".join("-" * w for w in widths))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
