"""Benchmark: design search with 100,000 published designs on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/makerhub_bench \\
        .venv/bin/python bench/design_search.py [--designs 100000] [--runs 60] [--keep]

Works on a throwaway database ("test_<name>", created here and dropped at the end unless
--keep). Fills it with designs whose texts are drawn from a German maker vocabulary, runs
ANALYZE, then measures through Django's test client (the full request path, no network):

- a trivial API endpoint (``/api/v1/spaces/``) as the yardstick,
- the design search API (``/api/v1/designs/?q=...``) for frequent and rare words,
- the design list filtered by category,

and prints median and p95 per endpoint, the ratio of each p95 to the yardstick's p95 (the
goal: at most 3), how many SQL queries one request runs, and whether PostgreSQL's plan for
any of them scans the designs table sequentially (every query of the request is EXPLAINed;
``Seq Scan on designs_design``: it must not). Exits 1 if a goal is missed. With --keep the
database and its designs stay for the next run (which then skips filling it).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makerhub.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

_VOCABULARY = (
    "Becher Halter Griff Greifhilfe Löffel Gabel Messer Teller Rollstuhl Rampe Schalter Knopf "
    "Stifthalter Schreibhilfe Tastatur Maus Schlüssel Drehhilfe Flaschenöffner Dosenöffner "
    "Brett Klammer Haken Clip Adapter Verlängerung Hülle Schutz Kappe Ring Schlaufe Lupe "
    "Kartenhalter Spielkarten Würfel Brille Hörgerät Tablet Handy Ständer Kabel Tür Fenster "
    "Griffverdickung Zahnbürste Kamm Reißverschluss Knöpfhilfe Socken Anziehhilfe Zange"
)
WORDS = _VOCABULARY.split()
RARE = ["Pinzettenhalter", "Strohhalmclip", "Nadeleinfädler"]
SIZE = 5000
TWO_FILTERS = "/api/v1/designs/?q=Becher+Rollstuhl&category=household&licence=CC-BY-4.0"


def populate(count: int) -> None:
    from designs.models import Design
    from spaces.models import Space

    space, _ = Space.objects.get_or_create(
        slug="bench", defaults={"name": "Bench Space", "short_description": "bench"}
    )
    rng = random.Random(7)
    categories = [c[0] for c in Design._meta.get_field("category").choices]
    licences = [c[0] for c in Design._meta.get_field("licence").choices]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    batch = []
    for n in range(count):
        words = rng.sample(WORDS, 6)
        if n % 5000 == 0:
            words.append(RARE[(n // 5000) % len(RARE)])
        batch.append(
            Design(
                space=space,
                slug=f"bench-{n}",
                title=" ".join(words[:3]),
                summary=" ".join(words[2:6]),
                description=" ".join(rng.choices(WORDS, k=30) + words[6:]),
                tags=",".join(words[:2]),
                category=rng.choice(categories),
                licence=rng.choice(licences),
                status="published",
                published_at=start + timedelta(minutes=n),
            )
        )
        if len(batch) == SIZE:
            Design.objects.bulk_create(batch)
            batch = []
    Design.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client: Client, path: str, runs: int) -> list[float]:
    client.get(path)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def request_queries(client: Client, path: str) -> tuple[int, bool]:
    """How many queries one request runs, and whether any plan scans the designs table."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    scan = False
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scan |= "Seq Scan on designs_design" in plan
    return len(captured.captured_queries), scan


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--designs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://... (full-text search, GIN index).")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        from designs.models import Design

        have = Design.objects.count()
        if have < args.designs:
            started = time.perf_counter()
            populate(args.designs - have)
            print(f"created {args.designs - have} designs in {time.perf_counter() - started:.0f} s")
        client = Client(HTTP_HOST="127.0.0.1")
        yardstick = timed(client, "/api/v1/spaces/", args.runs)
        cases = [("GET /api/v1/spaces/ (yardstick)", "/api/v1/spaces/", yardstick)]
        for label, path in [
            ("search, frequent word", "/api/v1/designs/?q=Becher"),
            ("search, two words", "/api/v1/designs/?q=Rollstuhl+Halter"),
            ("search, rare word", f"/api/v1/designs/?q={RARE[0]}"),
            ("list by category", "/api/v1/designs/?category=household"),
            ("list, newest first", "/api/v1/designs/"),
        ]:
            cases.append((label, path, timed(client, path, args.runs)))
        # More ways people search; measured and shown, not part of the goal.
        extra = []
        for label, path in [
            ("list by downloads", "/api/v1/designs/?sort=downloads"),
            ("frequent word, newest first", "/api/v1/designs/?q=Becher&sort=newest"),
            ("frequent word, page 20", "/api/v1/designs/?q=Becher&page=20"),
            ("two words, category, licence", TWO_FILTERS),
            ("four common words", "/api/v1/designs/?q=Becher+Rollstuhl+Halter+Griff"),
            ("six common words", "/api/v1/designs/?q=Becher+Rollstuhl+Halter+Griff+Tablet+Lupe"),
        ]:
            extra.append((label, path, timed(client, path, args.runs)))
        failed = False
        load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"\nDesign search, {Design.objects.count()} designs, PostgreSQL "
            f"{connection.pg_version // 10000}, {platform.node()}, {os.cpu_count()} cores, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {load}, {args.runs} runs"
        )
        print(
            f"{'case':<34} {'median ms':>10} {'p95 ms':>8} {'p95/yardstick':>14} "
            f"{'queries':>8} {'seq scan':>9}"
        )
        base = p95(yardstick)
        for label, path, times in cases:
            ratio = p95(times) / base
            queries, scan = request_queries(client, path)
            failed |= ratio > 3 or scan
            print(
                f"{label:<34} {statistics.median(times):>10.1f} {p95(times):>8.1f} "
                f"{ratio:>14.2f} {queries:>8} {'YES' if scan else 'no':>9}"
            )
        print("\ngoal (p95 <= 3 x yardstick, no sequential scan):", "MISSED" if failed else "met")
        print("\nnot part of the goal:")
        for label, path, times in extra:
            queries, scan = request_queries(client, path)
            print(
                f"{label:<34} {statistics.median(times):>10.1f} {p95(times):>8.1f} "
                f"{p95(times) / base:>14.2f} {queries:>8} {'YES' if scan else 'no':>9}"
            )
        return 1 if failed else 0
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
