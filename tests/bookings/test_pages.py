"""The pages: machine list, machine page with week view and form, my bookings, day plan."""

import pytest
from django.urls import reverse

from bookings.models import Booking, Qualification
from tests.bookings.conftest import berlin
from tests.bookings.factories import BookingFactory, MachineFactory
from tests.factories import UserFactory


@pytest.mark.django_db
def test_machine_list_filters_without_account(
    client, machine, clock, django_assert_max_num_queries
):
    laser = MachineFactory(space=machine.space, kind="laser", name="Laser 60 W")
    broken = MachineFactory(space=machine.space, name="Broken printer", status="out_of_order")
    for _ in range(5):
        MachineFactory(space=machine.space)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("machine-list"))
    assert response.status_code == 200
    assert laser.name in response.content.decode()
    only_lasers = client.get(reverse("machine-list"), {"kind": "laser"}).content.decode()
    assert laser.name in only_lasers and machine.name not in only_lasers
    # 08:00 Monday, open 08-22: free now are the available machines without a booking.
    BookingFactory(machine=laser, start=berlin(2027, 1, 4, 8, 0))
    free_now = client.get(reverse("machine-list"), {"available_now": "on"}).content.decode()
    assert machine.name in free_now
    assert laser.name not in free_now and broken.name not in free_now


@pytest.mark.django_db
def test_machine_page_week_view_lists_free_and_taken(client, machine, clock):
    BookingFactory(machine=machine, start=berlin(2027, 1, 5, 10, 0), end=berlin(2027, 1, 5, 12, 0))
    response = client.get(machine.get_absolute_url(), {"week": "2027-01-04"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "10:00–12:00" in html  # the taken slot, written out
    assert "08:00–10:00" in html and "12:00–22:00" in html
    assert "?week=2027-01-11" in html and "?week=2026-12-28" in html
    assert "Log in" in html or "Anmelden" in html


@pytest.mark.django_db
def test_book_through_the_form(client, machine, member, clock):
    client.force_login(member)
    url = machine.get_absolute_url()
    data = {"book-day": "2027-01-05", "book-start_time": "10:00", "book-end_time": "11:00"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Booking.objects.get().start == berlin(2027, 1, 5, 10, 0)
    # The same time again: the error is on the page and a watch is offered.
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_book-start_time"' in html  # the summary links to the field at fault
    assert "überschneidet" in html
    assert "watch-day" in html
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_form_shows_workshops_for_missing_qualification(client, machine, member, clock, hook):
    machine.required_qualification = Qualification.objects.create(space=machine.space, name="Q1")
    machine.save()
    hook(
        "workshops.selectors",
        "upcoming_inductions",
        lambda *, qualification: [
            {"title": "Printer induction", "url": "/w/1/", "start": "2027-01-08", "session_id": 1}
        ],
    )
    client.force_login(member)
    data = {"book-day": "2027-01-05", "book-start_time": "10:00", "book-end_time": "11:00"}
    html = client.post(machine.get_absolute_url(), data).content.decode()
    assert "Printer induction" in html
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_price_estimate_partial(client, machine, member, clock):
    client.force_login(member)
    response = client.get(
        reverse("machine-estimate", kwargs={"pk": machine.pk}),
        {"book-day": "2027-01-05", "book-start_time": "10:00", "book-end_time": "11:30"},
    )
    assert "3,00" in response.content.decode() or "3.00" in response.content.decode()


@pytest.mark.django_db
def test_my_bookings_cancel_and_move(client, machine, member, user, clock):
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    other = BookingFactory(machine=machine, user=user, start=berlin(2027, 1, 6, 10, 0))
    client.force_login(member)
    html = client.get(reverse("my-bookings")).content.decode()
    assert reverse("booking-reschedule", kwargs={"pk": booking.pk}) in html
    assert reverse("booking-reschedule", kwargs={"pk": other.pk}) not in html
    assert "/bookings/calendar/" in html
    move = reverse("booking-reschedule", kwargs={"pk": booking.pk})
    response = client.post(move, {"day": "2027-01-05", "start_time": "13:00", "end_time": "14:00"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == berlin(2027, 1, 5, 13, 0)
    assert client.get(reverse("booking-reschedule", kwargs={"pk": other.pk})).status_code == 404
    assert client.post(reverse("booking-cancel", kwargs={"pk": other.pk})).status_code == 404
    client.post(reverse("booking-cancel", kwargs={"pk": booking.pk}))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.django_db
def test_my_bookings_needs_login(client):
    response = client.get(reverse("my-bookings"))
    assert response.status_code == 302


def _fill(space, machines: int, per_machine: int) -> None:
    made = [MachineFactory(space=space) for _ in range(machines)]
    people = [UserFactory() for _ in range(3)]
    for m in made:
        for i in range(per_machine):
            BookingFactory(
                machine=m, user=people[i % 3], start=berlin(2027, 1, 5, 8 + i, 0), share_needs=True
            )


@pytest.mark.django_db
def test_day_plan_queries_do_not_grow(client, open_space, staff, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("booking-day-plan", kwargs={"slug": open_space.slug})
    _fill(open_space, machines=2, per_machine=2)
    with django_assert_max_num_queries(12) as few:
        client.get(url, {"date": "2027-01-05"})
    _fill(open_space, machines=10, per_machine=8)
    with django_assert_max_num_queries(12) as many:
        response = client.get(url, {"date": "2027-01-05"})
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count('<section class="plan-machine"') == 12


@pytest.mark.django_db
def test_day_plan_is_staff_only_and_marks_attendance(client, machine, member, staff, clock):
    url = reverse("booking-day-plan", kwargs={"slug": machine.space.slug})
    client.force_login(member)
    assert client.get(url).status_code == 404
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 4, 8, 0))
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert member.public_name in html
    client.post(reverse("booking-attendance", kwargs={"pk": booking.pk}), {"status": "checked_in"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CHECKED_IN


@pytest.mark.django_db
def test_day_plan_shows_shared_needs(client, machine, member, staff, clock, hook):
    shared = BookingFactory(
        machine=machine, user=member, start=berlin(2027, 1, 4, 9, 0), share_needs=True
    )
    private = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 4, 11, 0))
    seen = []

    def needs(*, bookings):
        seen.extend(b.pk for b in bookings)
        return {b.pk: ["Step-free access"] for b in bookings}

    hook("accessibility.selectors", "shared_needs_for_bookings", needs)
    client.force_login(staff)
    html = client.get(
        reverse("booking-day-plan", kwargs={"slug": machine.space.slug})
    ).content.decode()
    assert "Step-free access" in html
    assert seen == [shared.pk] and private.pk not in seen


@pytest.mark.django_db
def test_space_page_lists_machines(client, machine):
    html = client.get(machine.space.get_absolute_url()).content.decode()
    assert machine.get_absolute_url() in html


@pytest.mark.django_db
def test_hold_confirm_page_for_unknown_is_404(client):
    assert client.get("/bookings/hold/1/x/").status_code == 404


@pytest.mark.django_db
def test_staff_tools_on_the_machine_page(client, machine, member, staff, clock):
    booking = BookingFactory(machine=machine, user=member, start=berlin(2027, 1, 5, 10, 0))
    maintenance = reverse("machine-maintenance", kwargs={"pk": machine.pk})
    data = {"maint-day": "2027-01-05", "maint-start_time": "09:00", "maint-end_time": "12:00"}
    client.force_login(member)
    assert "maint-day" not in client.get(machine.get_absolute_url()).content.decode()
    client.post(maintenance, data)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # members may not block
    client.force_login(staff)
    assert "maint-day" in client.get(machine.get_absolute_url()).content.decode()
    client.post(maintenance, data)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    client.post(
        reverse("machine-status", kwargs={"pk": machine.pk}), {"status-status": "out_of_order"}
    )
    machine.refresh_from_db()
    assert machine.status == "out_of_order"


@pytest.mark.django_db
def test_watch_from_the_page(client, machine, member, user, clock):
    from bookings.models import Watch

    BookingFactory(machine=machine, user=user, start=berlin(2027, 1, 5, 10, 0))
    client.force_login(member)
    response = client.post(
        reverse("machine-watch", kwargs={"pk": machine.pk}),
        {"watch-day": "2027-01-05", "watch-start_time": "10:00", "watch-end_time": "11:00"},
    )
    assert response.status_code == 302
    watch = Watch.objects.get()
    assert watch.user == member and watch.start == berlin(2027, 1, 5, 10, 0)
    html = client.get(reverse("my-bookings")).content.decode()
    assert reverse("watch-stop", kwargs={"pk": watch.pk}) in html
