"""Benchmark: the workshop list and concurrent sign-ups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/makerhub_workshops \\
        .venv/bin/python bench/workshops.py [--runs 20] [--clients 40] [--seats 10]

Works on a throwaway database ("test_<name>", created and dropped here; your data is never
touched). Prints a table:

- the workshop list page and the list API with 50 and 200 workshops (4 upcoming sessions
  each): median and p95 time and the number of queries (it must not grow with the data);
- sign-up throughput: ``--clients`` threads (each with its own connection) released together
  against one session with ``--seats`` seats, then the seats actually confirmed (must equal
  the seats) and the waiting list. Meaningful on PostgreSQL; SQLite serialises all writers.

Exits 1 if a session is overbooked or the query counts grow with the data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
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
from spaces.models import Space  # noqa: E402
from workshops import services  # noqa: E402
from workshops.models import Session, Signup, Workshop  # noqa: E402


def measure(function: Callable[[], object], runs: int) -> tuple[float, float, int]:
    queries = 0

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    per_run = queries
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, per_run


def make_workshops(space: Space, count: int, offset: int) -> None:
    now = timezone.now()
    for n in range(count):
        workshop = Workshop.objects.create(
            space=space, title=f"Workshop {offset + n}", description="Bench", step_free=n % 2 == 0
        )
        Session.objects.bulk_create(
            Session(
                workshop=workshop,
                start=now + timedelta(days=day + 1, hours=n % 5),
                end=now + timedelta(days=day + 1, hours=n % 5 + 2),
                capacity=8,
                signup_deadline=now + timedelta(days=day),
            )
            for day in range(4)
        )


def bench_lists(runs: int) -> tuple[list[tuple[str, ...]], bool]:
    space = Space.objects.create(name="Bench", slug="bench", short_description="Bench")
    client = Client()
    rows, counts = [], {}
    total = 0
    for size in (50, 200):
        make_workshops(space, size - total, total)
        total = size
        for label, url in (("list page", "/workshops/"), ("list API", "/api/v1/workshops/")):
            median, p95, queries = measure(lambda url=url: client.get(url), runs)
            counts.setdefault(label, set()).add(queries)
            rows.append((f"{label}, {size} workshops", f"{median:.1f}", f"{p95:.1f}", str(queries)))
    stable = all(len(seen) == 1 for seen in counts.values())
    return rows, stable


def bench_signups(clients: int, seats: int) -> tuple[list[tuple[str, ...]], bool]:
    space = Space.objects.get(slug="bench")
    workshop = Workshop.objects.create(space=space, title="Race", description="Bench")
    now = timezone.now()
    session = Session.objects.create(
        workshop=workshop,
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=2),
        capacity=seats,
        signup_deadline=now + timedelta(days=2),
    )
    people = [User.objects.create_user(email=f"bench{n}@example.org") for n in range(clients)]
    barrier = threading.Barrier(clients)
    errors: list[Exception] = []

    def sign_up(person: User) -> None:
        try:
            barrier.wait(timeout=30)
            services.signup_create(session_id=session.pk, user=person)
        except Exception as exc:  # counted and reported
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    confirmed = Signup.objects.filter(session=session, status="confirmed").count()
    waiting = Signup.objects.filter(session=session, status="waitlisted").count()
    rows = [
        (
            f"{clients} concurrent sign-ups, {seats} seats",
            f"{elapsed * 1000:.0f} total",
            f"{clients / elapsed:.0f}/s",
            f"confirmed {confirmed}, waiting {waiting}, errors {len(errors)}",
        )
    ]
    return rows, confirmed == seats and waiting == clients - seats and not errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seats", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        list_rows, stable = bench_lists(args.runs)
        signup_rows, correct = bench_signups(args.clients, args.seats)
        header = ("case", "median ms", "p95 ms", "queries / result")
        table = [header, *list_rows, *signup_rows]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        print(f"database: {connection.vendor}")
        for index, row in enumerate(table):
            print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                print("  ".join("-" * w for w in widths))
        if not stable:
            print("FAIL: the number of queries grows with the number of workshops")
        if not correct:
            print("FAIL: the session was overbooked or sign-ups failed")
        return 0 if stable and correct else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
