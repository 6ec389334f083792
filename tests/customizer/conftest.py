from __future__ import annotations

import pytest

from bookings.models import Machine
from customizer import render
from tests.customizer.factories import DesignFactory, attach

needs_openscad = pytest.mark.skipif(
    render.openscad_path() is None,
    reason="openscad is not installed (Debian: apt-get install openscad; `make test` does it)",
)


@pytest.fixture
def design(space):  # type: ignore[no-untyped-def]
    return DesignFactory(space=space)


@pytest.fixture
def source(design):  # type: ignore[no-untyped-def]
    return attach(design)


@pytest.fixture
def printer(space):  # type: ignore[no-untyped-def]
    return Machine.objects.create(
        space=space,
        name="Big printer",
        slug="big-printer",
        kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=200,
        work_y_mm=200,
        work_z_mm=200,
    )


@pytest.fixture
def tiny_printer(space):  # type: ignore[no-untyped-def]
    return Machine.objects.create(
        space=space,
        name="Tiny printer",
        slug="tiny-printer",
        kind=Machine.Kind.FDM_PRINTER,
        work_x_mm=5,
        work_y_mm=5,
        work_z_mm=5,
    )


@pytest.fixture
def no_openscad(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MAKERHUB_OPENSCAD", "no-such-openscad-program")
