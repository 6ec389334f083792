"""The customizer's demo designs: seeded idempotently, with or without OpenSCAD."""

from __future__ import annotations

import io

import pytest

from customizer import demo, render
from customizer.models import Customization, ParametricSource
from designs.models import Design
from spaces import demo as spaces_demo

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    demo.seed(stdout=out)
    return out.getvalue()


def test_seeding_without_openscad_leaves_the_designs_in_review(no_openscad):
    spaces_demo.seed(stdout=io.StringIO())
    _seed()
    sources = ParametricSource.objects.select_related("design")
    assert sorted(s.filename for s in sources) == [
        "cup-holder.scad",
        "emergency-button-adapter.scad",
        "wheelchair-phone-clamp.scad",
    ]
    assert {s.design.status for s in sources} == {Design.Status.IN_REVIEW}
    assert not Customization.objects.exists()  # nothing rendered
    _seed()
    assert ParametricSource.objects.count() == 3
    assert Design.objects.count() == 3


@pytest.mark.skipif(render.openscad_path() is None, reason="openscad is not installed")
def test_seeding_with_openscad_publishes_with_a_rendered_picture(client):
    spaces_demo.seed(stdout=io.StringIO())
    out = _seed()
    assert out.count("published") == 3
    cup = ParametricSource.objects.get(filename="cup-holder.scad").design
    assert cup.status == Design.Status.PUBLISHED
    assert cup.photos.get().alt_text.startswith("Computerbild (keine Fotografie)")
    page = client.get(f"/designs/{cup.slug}/customize/")
    assert page.status_code == 200
    assert "Becherdurchmesser" in page.content.decode()
    _seed()
    assert Design.objects.count() == 3
