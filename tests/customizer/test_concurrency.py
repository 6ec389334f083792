"""Identical parameter sets asked for at the same moment still render once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from customizer import render, services
from customizer.models import Customization
from tests.customizer.factories import DesignFactory, attach
from tests.factories import SpaceFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_requests_share_one_render(postgres_only, monkeypatch):
    if render.openscad_path() is None:
        pytest.skip("openscad is not installed")
    queued: list[str] = []
    # Count the renders queued instead of running them: the question is how many there are.
    monkeypatch.setattr(services, "_queue", lambda c: queued.append(str(c.pk)))
    source = attach(DesignFactory(space=SpaceFactory()))
    people = [UserFactory() for _ in range(6)]
    barrier = threading.Barrier(len(people))
    ids: list[str] = []
    errors: list[BaseException] = []

    def ask(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            customization = services.customization_request(
                source=source, raw_values={"side": "33,5"}, user=person
            )
            ids.append(str(customization.pk))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1
    assert Customization.objects.count() == 1
    assert queued == ids[:1]
