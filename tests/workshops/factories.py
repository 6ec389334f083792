"""Factories for the workshops tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import SpaceFactory
from workshops.models import Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    description = "Wir bauen etwas Schönes."
    category = Workshop.Category.UPCYCLING

    @factory.post_generation
    def hosts(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.hosts.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    capacity = 5
    signup_deadline = factory.LazyAttribute(lambda o: o.start - timedelta(hours=12))
    room = "Werkstatt"
