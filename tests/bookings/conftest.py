"""Fixtures for the bookings tests: a space open every day 08:00-22:00 in Europe/Berlin, a
machine in it, and a clock fixed at a known instant (so rules about "now" are testable)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.bookings.factories import MachineFactory
from tests.factories import open_every_day

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> datetime:
    """An instant given as Berlin wall-clock time (unambiguous times only)."""
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


# Monday 4 January 2027, 08:00 in Berlin.
NOW = berlin(2027, 1, 4, 8, 0)


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: datetime) -> None:
        self.monkeypatch = monkeypatch
        self.set(at)

    def set(self, at: datetime) -> None:
        self.at = at
        self.monkeypatch.setattr(timezone, "now", lambda: self.at)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, NOW)


@pytest.fixture
def open_space(space):  # type: ignore[no-untyped-def]
    return open_every_day(space)


@pytest.fixture
def machine(open_space):  # type: ignore[no-untyped-def]
    return MachineFactory(space=open_space, name="Prusa MK4", slug="prusa-mk4")


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Provide ``module.name`` (a hook another app offers) for one test, whether or not
    that app has written it yet: ``hook("accessibility.selectors", "user_needs_more_time",
    fn)``."""
    import importlib
    import sys
    import types

    def install(module_name: str, name: str, function: object) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            module = types.ModuleType(module_name)
            monkeypatch.setitem(sys.modules, module_name, module)
        monkeypatch.setattr(module, name, function, raising=False)

    return install
