import io

import pytest
from django.utils import timezone

from bookings import demo as bookings_demo
from bookings.models import Machine
from spaces import demo as spaces_demo
from workshops import demo as workshops_demo
from workshops.models import Signup, Workshop
from workshops.selectors import upcoming_inductions


@pytest.mark.django_db
def test_demo_has_workshops_inductions_and_signups_and_is_idempotent():
    # The parts seed_demo runs before ours, then ours twice (not the apps after it).
    for module in (spaces_demo, bookings_demo, workshops_demo):
        module.seed(stdout=io.StringIO())
    counts = (Workshop.objects.count(), Signup.objects.count())
    workshops_demo.seed(stdout=io.StringIO())
    assert (Workshop.objects.count(), Signup.objects.count()) == counts

    titles = set(Workshop.objects.values_list("space__slug", "title"))
    assert ("urbanisten", "Strandkorb aus Restholz bauen") in titles
    assert ("dezentrale", "Pilze züchten im BioLab") in titles
    biolab = Workshop.objects.get(title="Pilze züchten im BioLab")
    assert biolab.hosts.filter(email="host.dezentrale@makerhub.example").exists()
    printing = Workshop.objects.get(space__slug="awo-makerspace", category="3d-printing")
    assert printing.hosts.filter(email="host.awo@makerhub.example").exists()
    for machine in Machine.objects.filter(required_qualification__isnull=False):
        assert upcoming_inductions(qualification=machine.required_qualification), machine
    assert Signup.objects.filter(user__isnull=False, session__start__gt=timezone.now()).count() >= 3
