"""Factories for machines and bookings. Bookings made here skip the rules on purpose (to set
up a scene); tests of the rules go through bookings.services."""

from __future__ import annotations

from datetime import timedelta

import factory

from bookings.models import Booking, Machine
from tests.factories import SpaceFactory, UserFactory


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    space = factory.SubFactory(SpaceFactory)
    name = factory.Sequence(lambda n: f"Printer {n}")
    slug = factory.Sequence(lambda n: f"printer-{n}")
    kind = Machine.Kind.FDM_PRINTER
    slot_minutes = 30
    min_duration_minutes = 30
    max_duration_minutes = 240
    buffer_minutes = 0
    max_days_ahead = 28
    max_hours_per_week = 10
    cancellation_hours = 2
    price_member_per_hour = 2
    price_guest_per_hour = 4


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    machine = factory.SubFactory(MachineFactory)
    user = factory.SubFactory(UserFactory)
    end = factory.LazyAttribute(lambda b: b.start + timedelta(hours=1))
    blocked_until = factory.LazyAttribute(
        lambda b: b.end + timedelta(minutes=b.machine.buffer_minutes)
    )
