"""Design lists counted up to a limit instead of count(*), paged without a last page when
there are more; frequent words on PostgreSQL found along the date index (docs/designs.md,
"Search")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from designs import selectors, views
from designs.models import Design

pytestmark = pytest.mark.django_db


def publish(space, *titles: str, summaries: dict[str, str] | None = None) -> None:
    """Published designs, the first the oldest (one minute apart)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    Design.objects.bulk_create(
        Design(
            space=space,
            slug=f"design-{n}",
            title=title,
            summary=(summaries or {}).get(title, "Ein Teil."),
            licence="CC-BY-4.0",
            status=Design.Status.PUBLISHED,
            published_at=start + timedelta(minutes=n),
        )
        for n, title in enumerate(titles)
    )


def titles(data: dict) -> list[str]:
    return [row["title"] for row in data["results"]]


def test_api_counts_up_to_the_limit_then_says_more_than_and_pages_on(
    api_client, space, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    publish(space, "Eins", "Zwei", "Drei")
    data = api_client.get("/api/v1/designs/?page_size=2").json()
    assert (data["count"], data["more_than"], data["relevance_capped"]) == (None, 2, False)
    assert titles(data) == ["Drei", "Zwei"] and data["previous"] is None
    second = api_client.get(data["next"]).json()
    assert titles(second) == ["Eins"]
    assert second["next"] is None and second["previous"]
    assert api_client.get("/api/v1/designs/?page_size=2&page=3").status_code == 404
    assert api_client.get("/api/v1/designs/?page=last").status_code == 404
    # At or under the limit the count is exact.
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    data = api_client.get("/api/v1/designs/?page_size=2").json()
    assert (data["count"], data["more_than"]) == (3, None)
    assert api_client.get("/api/v1/designs/?page=last&page_size=2").json()["results"]


def test_api_list_queries_do_not_grow_with_the_designs(api_client, space):
    publish(space, "Eins", "Zwei")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get("/api/v1/designs/").status_code == 200
        return len(captured.captured_queries)

    few = queries()
    Design.objects.all().delete()
    publish(space, *[f"Teil {n}" for n in range(12)])
    assert queries() == few <= 4


def test_library_page_says_more_than_and_has_no_last_page(client, space, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    publish(space, "Eins", "Zwei", "Drei")
    client.cookies["makerhub_language"] = "en"
    html = client.get(reverse("design-list")).content.decode()
    assert "More than 2 designs" in html
    assert "Page 1" in html and "Page 1 of" not in html and "page=2" in html
    assert "Drei" in html and "Eins" not in html
    html = client.get(reverse("design-list"), {"page": 2}).content.decode()
    assert "Eins" in html and "Next page" not in html and "Previous page" in html
    # Past the end, or nonsense: the first page.
    for page in ("9", "x", "-1"):
        html = client.get(reverse("design-list"), {"page": page}).content.decode()
        assert "Drei" in html and "Eins" not in html, page
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    html = client.get(reverse("design-list")).content.decode()
    assert "3 designs" in html and "More than" not in html and "Page 1 of 2" in html


def test_library_page_in_german_says_more_than(client, space, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 1)
    publish(space, "Eins", "Zwei")
    client.cookies["makerhub_language"] = "de"
    html = client.get(reverse("design-list")).content.decode()
    assert "Mehr als 1 Designs" in html and "Seite 1" not in html  # one page: no page nav


# --- PostgreSQL: frequent words ----------------------------------------------------------

BECHER = ("Notrufknopf", "Becher alt", "Becher eins", "Becher zwei", "Becher neu")
STRONG = {"Becher alt": "Becher Becher Becherhalter Becherdeckel"}


@pytest.fixture
def walk_small(monkeypatch):
    """Limits scaled down so five designs behave like 100,000: two are ranked, two counted,
    and four newest designs tell whether a word is frequent."""
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 2)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    monkeypatch.setattr(selectors, "FREQUENCY_SAMPLE", 4)
    monkeypatch.setattr(selectors, "WALK_LIMIT", 20)


def run(**filters) -> tuple[selectors.DesignResults, list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        results = selectors.design_results(**filters)
        listed = [d.title for d in results.designs]
    return results, listed, " ".join(q["sql"] for q in captured.captured_queries)


def test_postgres_frequent_word_is_walked_along_the_date_index(
    postgres_only, api_client, space, walk_small
):
    publish(space, *BECHER, summaries=STRONG)
    results, listed, sql = run(q="Becher")
    # More than two match: the two newest are ranked, the page says so.
    assert (results.count, results.capped) == (2, True)
    assert listed == ["Becher neu", "Becher zwei"]
    assert "ts_match_vq" in sql
    data = api_client.get("/api/v1/designs/?q=Becher").json()
    assert (data["count"], data["more_than"], data["relevance_capped"]) == (2, None, True)
    assert titles(data) == ["Becher neu", "Becher zwei"]
    # Newest first: every match, not counted past the limit, pages walk the date index too.
    results, listed, sql = run(q="Becher", sort="newest")
    assert results.count is None and not results.capped
    assert listed == ["Becher neu", "Becher zwei", "Becher eins", "Becher alt"]
    data = api_client.get("/api/v1/designs/?q=Becher&sort=newest&page_size=3").json()
    assert (data["count"], data["more_than"]) == (None, 2)
    assert titles(api_client.get(data["next"]).json()) == ["Becher alt"]
    results, listed, _ = run(q="Becher", sort="downloads")
    assert results.count is None and sorted(listed) == sorted(BECHER[1:])


def test_postgres_rare_word_is_counted_exactly_through_the_gin_index(
    postgres_only, space, walk_small
):
    publish(space, *BECHER, summaries=STRONG)
    results, listed, sql = run(q="Notruf")
    assert (results.count, results.capped, listed) == (1, False, ["Notrufknopf"])
    assert "ts_match_vq" in sql  # the sample of the newest designs
    assert "@@" in sql  # then the GIN index counted


@pytest.mark.parametrize(
    "sample, walk",
    [(4, 20), (4, 4000), (6, 20), (4, 1), (2, 2)],
    ids=["walk", "walk-sees-all", "sample-sees-all", "rare-in-sample", "window-too-small"],
)
def test_postgres_every_strategy_lists_the_same_designs(
    postgres_only, space, walk_small, monkeypatch, sample, walk
):
    """Whether the date index is walked or the GIN index read, the result is the same."""
    monkeypatch.setattr(selectors, "FREQUENCY_SAMPLE", sample)
    monkeypatch.setattr(selectors, "WALK_LIMIT", walk)
    publish(space, *BECHER, summaries=STRONG)
    results, listed, _ = run(q="Becher")
    assert (results.count, results.capped, listed) == (2, True, ["Becher neu", "Becher zwei"])
    results, listed, _ = run(q="Becher", sort="newest")
    assert results.count is None
    assert listed == ["Becher neu", "Becher zwei", "Becher eins", "Becher alt"]
    # Filters apply before the cut, on every path.
    results, listed, _ = run(q="Becher alt")
    assert (results.count, listed) == (1, ["Becher alt"])
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 1000)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 1000)
    results, listed, _ = run(q="Becher")
    assert (results.count, results.capped) == (4, False)
    assert listed[0] == "Becher alt"  # ranked on its words, not its age
