"""factory-boy factories shared by every test. Apps add theirs here, grouped by app."""

from __future__ import annotations

from datetime import time

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from spaces.models import OpeningHours, Role, Space, SpaceMembership

DEFAULT_PASSWORD = "a-long-test-password-42"

# --- accounts ---------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A verified primary e-mail unless ``verified=False`` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


# --- spaces -----------------------------------------------------------------------------


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Space {n}")
    slug = factory.Sequence(lambda n: f"space-{n}")
    short_description = "A makerspace for tests."
    time_zone = "Europe/Berlin"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    space = factory.SubFactory(SpaceFactory)
    weekday = 0
    opens = time(10, 0)
    closes = time(18, 0)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceMembership

    space = factory.SubFactory(SpaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


def open_every_day(space: Space, opens: time = time(8, 0), closes: time = time(22, 0)) -> Space:
    """Give a space the same opening hours on all seven days."""
    for weekday in range(7):
        OpeningHours.objects.create(space=space, weekday=weekday, opens=opens, closes=closes)
    return space
