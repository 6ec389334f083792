import io

import pytest
from django.core.management import call_command

from accessibility.models import BarrierNeed, EasyReadText, PlaceProfile


@pytest.mark.django_db
def test_demo_profiles_mark_unknowns_and_needs_are_at_different_stages():
    call_command("seed_demo", stdout=io.StringIO())
    awo = PlaceProfile.objects.get(space__slug="awo-makerspace")
    assert awo.document == {}  # nothing measured: everything unknown, nothing guessed
    assert "entrances" not in PlaceProfile.objects.get(space__slug="dezentrale").document
    statuses = dict(BarrierNeed.objects.values_list("title", "status"))
    assert statuses["Becher am Kaffeeautomaten halten"] == "published"
    assert statuses["Roten Notrufknopf auf der Toilette erreichen"] == "testing"
    assert len(set(statuses.values())) >= 4
    cup = BarrierNeed.objects.get(title="Becher am Kaffeeautomaten halten")
    assert cup.prototypes.count() == 2 and cup.requester_name == "Kaffeepause"
    assert cup.design is not None and cup.design.slug == "becherhalter-ring"
    assert EasyReadText.objects.filter(key__startswith="space:").count() == 4
