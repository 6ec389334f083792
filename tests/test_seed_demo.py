import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from spaces.models import Space


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in settings.MAKERHUB_APPS
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert set(Space.objects.values_list("slug", flat=True)) >= {
        "awo-makerspace",
        "dezentrale",
        "urbanisten",
        "luzi",
    }
    luzi = Space.objects.get(slug="luzi")
    assert {s.slug for s in luzi.run_by.all()} == {"urbanisten", "dezentrale"}
    assert not Space.objects.get(slug="urbanisten").machines.filter(kind__in=["fdm", "resin"])
    for space in Space.objects.all():
        assert space.opening_hours.exists(), space
        assert space.machines.exists(), space
    staff = User.objects.get(email="staff.dezentrale@makerhub.example")
    assert staff.is_staff and staff.check_password("makerhub-demo")
    assert "member@makerhub.example" in out.getvalue()
