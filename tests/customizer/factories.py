"""Factories of the customizer's tests. Designs are made directly on the designs app's model
(the fields every design needs), sources through the customizer's service."""

from __future__ import annotations

from pathlib import Path

import factory
from django.utils import timezone

from customizer import services
from customizer.models import ParametricSource
from designs.models import Design
from tests.factories import SpaceFactory

DEMO = Path(__file__).resolve().parents[2] / "customizer" / "demo_scad"

SMALL_SOURCE = """\
/* [en: Size | de: Größe] */
// en: Side | Length of one side of the cube. Measure with a ruler.
// de: Seite | Länge einer Seite des Würfels. Messen Sie mit einem Lineal.
// unit: mm
side = 10; // [2:0.5:60]
// en: Shape | Cube or ball.
// de: Form | Würfel oder Kugel.
// options-de: cube:Würfel, ball:Kugel
shape = "cube"; // [cube:Cube, ball:Ball]
// en: Hole | A hole through the middle.
// de: Loch | Ein Loch durch die Mitte.
hole = false;
/* [Hidden] */
$fn = 24;
difference() {
    if (shape == "cube") cube(side, center = true); else sphere(d = side);
    if (hole) cylinder(d = side / 3, h = side * 2, center = true);
}
"""


class DesignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Design

    space = factory.SubFactory(SpaceFactory)
    slug = factory.Sequence(lambda n: f"design-{n}")
    title = factory.Sequence(lambda n: f"Design {n}")
    summary = "A design for tests."
    licence = "CC-BY-SA-4.0"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)


def attach(design: Design, source: str = SMALL_SOURCE) -> ParametricSource:
    return services.parametric_source_attach(design=design, source=source, user=None)
