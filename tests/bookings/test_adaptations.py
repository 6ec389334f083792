"""The machine page shows the machine's adaptations; the list filters by them."""

import pytest
from django.urls import reverse

from accessibility.models import MachineAdaptation
from tests.bookings.factories import MachineFactory

pytestmark = pytest.mark.django_db


def test_machine_page_shows_adaptations_or_says_unknown(client, machine):
    unknown = client.get(machine.get_absolute_url()).content.decode()
    assert 'id="adaptation-heading"' in unknown and "unbekannt" in unknown

    MachineAdaptation.objects.create(
        machine=machine,
        adapted_controls=True,
        adapted_controls_description="Großer Not-Aus-Taster vorn links",
        seated_operation=True,
        height_adjustable_table=True,
        table_height_min_cm=65,
        table_height_max_cm=110,
    )
    page = client.get(machine.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Großer Not-Aus-Taster vorn links" in html
    assert "65–110 cm" in html
    assert "Nobody has recorded" not in html and "Niemand hat" not in html


def test_machine_list_filters_by_adaptations_with_bounded_queries(
    client, machine, clock, django_assert_max_num_queries
):
    seated = MachineFactory(space=machine.space, name="Drucker zum Sitzen")
    MachineAdaptation.objects.create(machine=seated, seated_operation=True, safety_guard=True)
    guard_only = MachineFactory(space=machine.space, name="Fräse mit Schutz")
    MachineAdaptation.objects.create(machine=guard_only, safety_guard=True, seated_operation=False)
    for _ in range(5):
        MachineFactory(space=machine.space)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("machine-list"), {"adaptations": ["seated_operation"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert seated.name in html and guard_only.name not in html and machine.name not in html
    assert 'value="seated_operation"' in html  # the filter is a labelled checkbox group

    both = client.get(
        reverse("machine-list"), {"adaptations": ["seated_operation", "safety_guard"]}
    ).content.decode()
    assert seated.name in both and guard_only.name not in both
    guard = client.get(reverse("machine-list"), {"adaptations": "safety_guard"}).content.decode()
    assert seated.name in guard and guard_only.name in guard and machine.name not in guard

    everything = client.get(reverse("machine-list")).content.decode()
    assert machine.name in everything and guard_only.name in everything

    wrong = client.get(reverse("machine-list"), {"adaptations": "wings"})
    assert wrong.status_code == 200 and machine.name in wrong.content.decode()
