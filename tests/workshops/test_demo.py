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


@pytest.mark.django_db
def test_demo_claims_no_accessibility_facts_it_does_not_know_and_corrects_old_ones():
    for module in (spaces_demo, bookings_demo, workshops_demo):
        module.seed(stdout=io.StringIO())
    demo = Workshop.objects.all()
    assert demo.exists()
    assert not demo.filter(step_free=True).exists()
    assert not demo.filter(sign_language=True).exists()
    assert not demo.filter(large_print=True).exists()
    for notes in demo.values_list("accessibility_notes", flat=True):
        for invented in ("stufenlos", "Stufe", "Toilette", "Rampe", "Gebärden", "Erdgeschoss"):
            assert invented not in notes
    beach_chair = Workshop.objects.get(title="Strandkorb aus Restholz bauen")
    assert beach_chair.quiet_breaks and "Pausen nach Bedarf" in beach_chair.accessibility_notes
    assert workshops_demo.UNKNOWN_ROOM in beach_chair.accessibility_notes

    # A database seeded by an older demo is corrected; text a host wrote is left alone.
    beach_chair.accessibility_notes = workshops_demo.INVENTED_NOTES[0]
    beach_chair.step_free = True
    beach_chair.save()
    mushrooms = Workshop.objects.get(title="Pilze züchten im BioLab")
    mushrooms.accessibility_notes = "Vom Host geschrieben: Eingang über den Hof."
    mushrooms.save()
    workshops_demo.seed(stdout=io.StringIO())
    beach_chair.refresh_from_db()
    mushrooms.refresh_from_db()
    assert not beach_chair.step_free
    assert beach_chair.accessibility_notes.startswith("Pausen nach Bedarf")
    assert mushrooms.accessibility_notes == "Vom Host geschrieben: Eingang über den Hof."
