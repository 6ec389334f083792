"""``python manage.py seed_demo``: the demo spaces, people, machines and more.

Each MakerHub app that has a ``demo`` module with ``seed(*, stdout)`` adds its part, in the
order of INSTALLED_APPS. Every part is idempotent: a second run changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or complete the demo data (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        for label in settings.MAKERHUB_APPS:
            if not apps.is_installed(label) or not find_spec(f"{label}.demo"):
                continue
            module = import_module(f"{label}.demo")
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
