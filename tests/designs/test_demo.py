"""designs.demo: the bottle opener with its five variants and the AWO example aids."""

from __future__ import annotations

import io

import pytest

from designs import demo
from designs.models import Design, DesignFile
from spaces import demo as spaces_demo

pytestmark = pytest.mark.django_db


def test_demo_publishes_designs_idempotently(django_capture_on_commit_callbacks):
    spaces_demo.seed(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    opener = Design.objects.get(slug="flaschenoeffner")
    assert opener.status == Design.Status.PUBLISHED
    assert opener.licence == "CC-BY-SA-4.0"
    assert "Neil Squire" in opener.attribution and "CC BY-SA 4.0" in opener.attribution
    assert [v.name for v in opener.variants.all()] == ["30 mm", "35 mm", "40 mm", "45 mm", "50 mm"]
    assert opener.files.count() == 5
    assert set(opener.files.values_list("status", flat=True)) == {DesignFile.Status.PRINTABLE}
    assert opener.makes.count() == 1
    examples = Design.objects.filter(is_example_geometry=True)
    assert set(examples.values_list("slug", flat=True)) == {
        "becherhalter-ring", "notrufknopf-adapter", "rollstuhl-handyhalter",
    }  # fmt: skip
    cup = Design.objects.get(slug="becherhalter-ring")
    assert cup.variants.count() == 3
    # The code-made geometry is closed and single-bodied.
    for design_file in DesignFile.objects.filter(design__in=examples):
        assert design_file.status == DesignFile.Status.PRINTABLE, design_file.report["problems"]
        assert design_file.report["watertight"] and design_file.report["bodies"] == 1

    counts = (Design.objects.count(), DesignFile.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    assert (Design.objects.count(), DesignFile.objects.count()) == counts
