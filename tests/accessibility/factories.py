"""Factories of the accessibility app's tests."""

from __future__ import annotations

import factory

from accessibility.models import BarrierNeed
from tests.factories import UserFactory


class BarrierNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierNeed

    requester = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Need {n}")
    description = "I cannot hold the cup from the vending machine; my hand shakes."


def stl_bytes(size: float = 20.0) -> bytes:
    import trimesh

    data = trimesh.creation.box(extents=(size, size, size)).export(file_type="stl")
    return data if isinstance(data, bytes) else data.encode()
