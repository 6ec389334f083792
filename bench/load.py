"""Load run: simulated people browsing, booking and signing up against a running server.

    # terminal 1: the production stack on 127.0.0.1 (see docs/deployment.md)
    DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false RATE_LIMIT_SIGNUP=100000/h/ip \\
      GUNICORN_BIND=127.0.0.1:8400 ... make run-prod
    # terminal 2: same DATABASE_URL, after `manage.py seed_demo` on that (throwaway) database
    DATABASE_URL=postgres://... .venv/bin/python bench/load.py --base http://127.0.0.1:8400 \\
      --users 200 --duration 120

Only ever aims at 127.0.0.1/localhost. Each simulated person runs in a thread with its own
cookies and API token and, after a think time of 0.5-2 s, does one of: browse a page or the
API (70 %), book a machine through the API (25 %), sign up (5 %). Prints, per endpoint:
requests, median, p95 and max latency, 4xx and 5xx counts; then the bookings made and the
overlapping active bookings found with SQL afterwards (must be 0). Exits 1 on any 5xx or
overlap. The client is Python threads on the same machine as the server: on a small machine
it competes with the server for CPU, so the latencies are an upper bound.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makerhub.settings.dev")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import User  # noqa: E402
from bookings.models import Booking, Machine  # noqa: E402
from spaces.models import Role, Space  # noqa: E402
from spaces.services import membership_set  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person:
    def __init__(self, base: str, token: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.token = token
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):  # type: ignore[no-untyped-def]
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    return 599, b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def prepare(users: int) -> tuple[list[str], list[int]]:
    """Bench accounts (members of every space, with API tokens) and bookable machines."""
    spaces = list(Space.objects.all())
    machines = list(
        Machine.objects.filter(required_qualification__isnull=True, status="available").values_list(
            "pk", flat=True
        )
    )
    if not spaces or not machines:
        sys.exit("No spaces or bookable machines: run `manage.py seed_demo` on this database.")
    tokens = []
    for n in range(users):
        email = f"load{n}@bench.invalid"
        user, created = User.objects.get_or_create(email=email, defaults={"display_name": f"L{n}"})
        if created:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            for space in spaces:
                membership_set(space=space, user=user, role=Role.MEMBER)
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens, machines


def overlaps() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM bookings_booking a JOIN bookings_booking b
              ON a.machine_id = b.machine_id AND a.id < b.id
             WHERE a.status IN ('confirmed', 'held', 'checked_in', 'no_show')
               AND b.status IN ('confirmed', 'held', 'checked_in', 'no_show')
               AND a.start < b.blocked_until AND b.start < a.blocked_until
            """
        )
        return int(cursor.fetchone()[0])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=120)
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("This load run only aims at this machine (127.0.0.1).")

    tokens, machines = prepare(args.users)
    before = Booking.objects.filter(user__email__endswith="@bench.invalid").count()
    results: dict[str, list[tuple[float, int]]] = defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration
    stamp = str(int(time.time()))
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    week = tuple(
        urllib.parse.quote(t.isoformat()) for t in (midnight, midnight + timedelta(days=7))
    )

    def record(label: str, started: float, status: int) -> None:
        with lock:
            results[label].append((time.perf_counter() - started, status))

    def run(index: int) -> None:
        rng = random.Random(index)
        person = Person(args.base, tokens[index])
        auth = {"Authorization": f"Token {person.token}"}
        signups = 0
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.5, 2.0))
            roll = rng.random()
            machine = rng.choice(machines)
            started = time.perf_counter()
            if roll < 0.70:
                label, path = rng.choice(
                    [
                        ("GET /", "/"),
                        ("GET /machines/", "/machines/"),
                        ("GET /machines/<id>/", f"/machines/{machine}/"),
                        ("GET /workshops/", "/workshops/"),
                        ("GET /api/v1/spaces/", "/api/v1/spaces/"),
                        (
                            "GET /api/v1/machines/<id>/availability/",
                            f"/api/v1/machines/{machine}/availability/?start={week[0]}&end={week[1]}",
                        ),
                    ]
                )
                status, _ = person.request("GET", path)
                record(label, started, status)
            elif roll < 0.95:
                day = timezone.localdate() + timedelta(days=rng.randint(1, 6))
                hour = rng.randint(9, 19)
                start = timezone.make_aware(datetime(day.year, day.month, day.day, hour))
                body = json.dumps(
                    {
                        "machine": machine,
                        "start": start.isoformat(),
                        "end": (start + timedelta(hours=1)).isoformat(),
                    }
                ).encode()
                status, _ = person.request(
                    "POST", "/api/v1/bookings/", body, {**auth, "Content-Type": "application/json"}
                )
                record("POST /api/v1/bookings/", started, status)
            else:
                status, page = person.request("GET", "/accounts/signup/")
                record("GET /accounts/signup/", started, status)
                found = CSRF.search(page.decode(errors="replace"))
                if not found:
                    continue
                signups += 1
                form = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": found.group(1),
                        "email": f"new{stamp}-{index}-{signups}@bench.invalid",
                        "password1": "a-Long-bench-pass-42",
                        "password2": "a-Long-bench-pass-42",
                    }
                ).encode()
                started = time.perf_counter()
                status, _ = person.request(
                    "POST",
                    "/accounts/signup/",
                    form,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": args.base + "/accounts/signup/",
                    },
                )
                record("POST /accounts/signup/", started, status)
                person.cookies.pop("sessionid", None)  # back to anonymous for the next sign-up

    threads = [threading.Thread(target=run, args=(i,)) for i in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    made = Booking.objects.filter(user__email__endswith="@bench.invalid").count() - before
    found_overlaps = overlaps()
    total_5xx = 0
    print(f"\nLoad run: {args.users} simulated people for {args.duration} s against {args.base}")
    header = ("endpoint", "requests", "median ms", "p95 ms", "max ms", "4xx", "5xx")
    print("{:<42} {:>8} {:>10} {:>8} {:>8} {:>5} {:>5}".format(*header))
    for label in sorted(results):
        rows = results[label]
        times = sorted(t * 1000 for t, _ in rows)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        c4 = sum(1 for _, s in rows if 400 <= s < 500)
        c5 = sum(1 for _, s in rows if s >= 500)
        total_5xx += c5
        row = (label, len(rows), statistics.median(times), p95, times[-1], c4, c5)
        print("{:<42} {:>8} {:>10.0f} {:>8.0f} {:>8.0f} {:>5} {:>5}".format(*row))
    print(f"\nbookings made: {made}; overlapping active bookings (SQL): {found_overlaps}")
    print(f"5xx responses: {total_5xx}")
    return 1 if total_5xx or found_overlaps else 0


if __name__ == "__main__":
    sys.exit(main())
