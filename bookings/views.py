"""Pages for machines and bookings: as thin as the API, every rule in services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from bookings import ical, selectors, services
from bookings.forms import (
    AttendanceForm,
    BookingForm,
    MachineFilterForm,
    MachineStatusForm,
    MaintenanceForm,
    RescheduleForm,
    TimeRangeForm,
)
from bookings.models import Booking, CalendarFeed, Machine, Watch
from makerhub.errors import PermissionDenied as ServicePermissionDenied
from makerhub.errors import ServiceError
from spaces.models import Role, Space
from spaces.selectors import space_get, user_has_role


def _parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _error_to_form(form: Any, error: ServiceError) -> None:
    """Show a service's refusal at the form field it is about (the summary links to it)."""
    field = {"start": "start_time", "end": "end_time"}.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


# --- machines -----------------------------------------------------------------------------


def machine_list(request: HttpRequest) -> HttpResponse:
    spaces = list(Space.objects.order_by("name").values_list("slug", "name"))
    form = MachineFilterForm(
        request.GET or None,
        spaces=spaces,
        with_adaptations=selectors.adaptation_filter_available(),
    )
    space_slug = kind = None
    available_now = False
    adaptations: list[str] = []
    if form.is_valid():
        space_slug = form.cleaned_data["space"] or None
        kind = form.cleaned_data["kind"] or None
        available_now = form.cleaned_data["available_now"]
        adaptations = form.cleaned_data.get("adaptations") or []
    machines = list(
        selectors.machines_with_adaptations(
            machines=selectors.machine_list(space_slug=space_slug, kind=kind),
            features=adaptations,
        )
    )
    free_now = selectors.machines_available_now(machines=machines)
    if available_now:
        machines = [m for m in machines if m.pk in free_now]
    return render(
        request,
        "bookings/machine_list.html",
        {"form": form, "machines": machines, "free_now": free_now},
    )


def _week_start(request: HttpRequest, machine: Machine) -> date:
    today = timezone.localtime(timezone.now(), machine.space.zone).date()
    day = _parse_day(request.GET.get("week"), today)
    return day - timedelta(days=day.weekday())


def machine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    machine = selectors.machine_get(pk=pk)
    user = request.user if request.user.is_authenticated else None
    is_staff = selectors.user_is_space_staff(user=user, space=machine.space)  # type: ignore[arg-type]
    more_time = selectors.user_needs_more_time(user=user)  # type: ignore[arg-type]
    form = BookingForm(
        request.POST or None,
        machine=machine,
        is_staff=is_staff,
        more_time=more_time,
        prefix="book",
    )
    workshops: list[dict[str, Any]] = []
    watch_offer = None
    asked_day: date | None = None
    if request.method == "POST":
        if user is None:
            return redirect(f"{_login_url()}?next={request.path}")
        if form.is_valid():
            start, end = form.interval()
            person = user
            try:
                if is_staff and form.cleaned_data.get("on_behalf"):
                    person = _person_by_email(form.cleaned_data["on_behalf"])
                services.booking_create(
                    machine=machine,
                    user=person,  # type: ignore[arg-type]
                    actor=user,  # type: ignore[arg-type]
                    start=start,
                    end=end,
                    note=form.cleaned_data["note"],
                    share_needs=form.cleaned_data["share_needs"],
                    extra_time=form.cleaned_data.get("extra_time", False),
                    outside_hours=form.cleaned_data.get("outside_hours", False),
                )
            except ServiceError as error:
                workshops = error.extra.get("workshops", [])
                if error.code == "overlap":
                    watch_offer = {
                        "day": form.cleaned_data["day"].isoformat(),
                        "start_time": form.cleaned_data["start_time"].strftime("%H:%M"),
                        "end_time": form.cleaned_data["end_time"].strftime("%H:%M"),
                    }
                asked_day = form.cleaned_data["day"]
                _error_to_form(form, error)  # this drops the field from cleaned_data
            else:
                messages.success(
                    request,
                    _("Booked. We have sent you a confirmation e-mail with a calendar file."),
                )
                return redirect("my-bookings")
    monday = _week_start(request, machine)
    if asked_day is not None:
        # Show the week of the time asked for, so the answer is next to the form.
        monday = asked_day - timedelta(days=asked_day.weekday())
    qualification = machine.required_qualification
    has_qualification = selectors.user_holds_qualification(
        user=user,  # type: ignore[arg-type]
        qualification=qualification,
    )
    if qualification and not has_qualification and not workshops:
        workshops = selectors.inductions_for(qualification=qualification)
    workshops = [{**w, "start_at": _parse_moment(w.get("start"))} for w in workshops]
    context = {
        "machine": machine,
        "space": machine.space,
        "form": form,
        "days": selectors.machine_week(machine=machine, monday=monday),
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat(),
        "is_staff": is_staff,
        "has_qualification": has_qualification,
        "workshops": workshops,
        "watch_offer": watch_offer,
        "member_price": selectors.user_is_space_member(user=user, space=machine.space),  # type: ignore[arg-type]
        "status_form": MachineStatusForm(initial={"status": machine.status}, prefix="status"),
        "maintenance_form": MaintenanceForm(machine=machine, prefix="maint"),
        "adaptation": selectors.machine_adaptation(machine=machine),
        "adaptations_known": selectors.adaptation_filter_available(),
    }
    return render(request, "bookings/machine_detail.html", context)


def _parse_moment(value: Any) -> Any:
    """A workshop's start as given by the workshops app (ISO text or datetime)."""
    if isinstance(value, str):
        return parse_datetime(value) or value
    return value


def _login_url() -> str:
    from django.urls import reverse

    return reverse("account_login")


def _person_by_email(email: str) -> User:
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        raise ServiceError(_("There is no account with this e-mail address."), field="on_behalf")
    return person


def price_estimate(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the price estimate for the times in the booking form."""
    machine = selectors.machine_get(pk=pk)
    form = TimeRangeForm(request.GET, machine=machine, prefix="book")
    estimate = minutes = None
    if form.is_valid():
        start, end = form.interval()
        minutes = int((end - start).total_seconds() // 60)
        if minutes > 0:
            user = request.user if request.user.is_authenticated else None
            estimate = selectors.price_estimate(machine=machine, user=user, minutes=minutes)  # type: ignore[arg-type]
    return render(
        request,
        "bookings/partials/price.html",
        {"estimate": estimate, "minutes": minutes, "machine": machine},
    )


@login_required
@require_POST
def machine_watch(request: HttpRequest, pk: int) -> HttpResponse:
    machine = selectors.machine_get(pk=pk)
    form = TimeRangeForm(request.POST, machine=machine, prefix="watch")
    if form.is_valid():
        start, end = form.interval()
        try:
            services.watch_create(machine=machine, user=request.user, start=start, end=end)  # type: ignore[arg-type]
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("We will hold this time for you and e-mail you as soon as it frees up."),
            )
            return redirect("my-bookings")
    else:
        messages.error(request, _("Please give a date and times."))
    return redirect(machine.get_absolute_url())


def _require_staff(request: HttpRequest, machine: Machine) -> None:
    """Staff pages answer 403 to everybody else, before looking at the form."""
    if not user_has_role(user=request.user, space=machine.space, role=Role.STAFF):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
@require_POST
def machine_status(request: HttpRequest, pk: int) -> HttpResponse:
    machine = selectors.machine_get(pk=pk)
    _require_staff(request, machine)
    form = MachineStatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            cancelled = services.machine_status_set(
                machine=machine,
                actor=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
            )
        except ServicePermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Status saved. Bookings cancelled: %(count)s.") % {"count": len(cancelled)},
            )
    return redirect(machine.get_absolute_url())


@login_required
@require_POST
def machine_maintenance(request: HttpRequest, pk: int) -> HttpResponse:
    machine = selectors.machine_get(pk=pk)
    _require_staff(request, machine)
    form = MaintenanceForm(request.POST, machine=machine, prefix="maint")
    if form.is_valid():
        start, end = form.interval()
        try:
            services.maintenance_block_create(
                machine=machine,
                actor=request.user,  # type: ignore[arg-type]
                start=start,
                end=end,
                reason=form.cleaned_data["reason"],
            )
        except ServicePermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The machine is blocked for maintenance."))
    else:
        messages.error(request, _("Please give a date and times."))
    return redirect(machine.get_absolute_url())


def machine_feed(request: HttpRequest, pk: int) -> HttpResponse:
    machine = selectors.machine_get(pk=pk)
    body = ical.machine_busy_feed(
        machine_name=machine.name,
        machine_id=machine.pk,
        bookings=selectors.machine_busy_for_feed(machine=machine),
    )
    return _ics_response(body, f"machine-{machine.pk}.ics")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- my bookings --------------------------------------------------------------------------


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    now = timezone.now()
    bookings = list(selectors.bookings_for_user(user=user))
    upcoming = [b for b in bookings if b.end >= now and b.status in Booking.ACTIVE]
    past = [b for b in bookings if b not in upcoming][-20:]
    for booking in upcoming:
        deadline = booking.start - timedelta(hours=booking.machine.cancellation_hours)
        booking.changeable = now <= deadline and booking.status == Booking.Status.CONFIRMED  # type: ignore[attr-defined]
    feed = services.calendar_feed_get(user=user)
    return render(
        request,
        "bookings/my_bookings.html",
        {
            "upcoming": upcoming,
            "past": list(reversed(past)),
            "watches": selectors.watches_for_user(user=user),
            "feed_url": request.build_absolute_uri(_reverse("booking-feed", token=feed.token)),
        },
    )


def _reverse(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    try:
        services.booking_cancel(booking=booking, actor=request.user)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    next_url = request.POST.get("next")
    if next_url == "day-plan":
        return redirect(
            _reverse("booking-day-plan", slug=booking.machine.space.slug)
            + f"?date={timezone.localtime(booking.start, booking.machine.space.zone).date()}"
        )
    return redirect("my-bookings")


@login_required
def booking_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    machine = booking.machine
    zone = machine.space.zone
    local_start = timezone.localtime(booking.start, zone)
    initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(booking.end, zone).time(),
    }
    form = RescheduleForm(request.POST or None, machine=machine, initial=initial)
    if request.method == "POST" and form.is_valid():
        start, end = form.interval()
        try:
            services.booking_reschedule(
                booking=booking,
                actor=request.user,  # type: ignore[arg-type]
                start=start,
                end=end,
            )
        except ServiceError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The booking is moved."))
            return redirect("my-bookings")
    return render(
        request,
        "bookings/reschedule.html",
        {"booking": booking, "machine": machine, "form": form},
    )


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Your calendar address has a new secret. The old address no longer works."),
    )
    return redirect("my-bookings")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not token:
        raise Http404("feed")
    body = ical.personal_feed(
        bookings=selectors.calendar_bookings_for_user(user=feed.user),
        extra_events=selectors.calendar_events_from_workshops(user=feed.user),
    )
    return _ics_response(body, "makerhub.ics")


@login_required
@require_POST
def watch_stop(request: HttpRequest, pk: int) -> HttpResponse:
    watch = Watch.objects.filter(pk=pk, user=request.user.pk).first()
    if watch is None:
        raise Http404("watch")
    services.watch_cancel(watch=watch, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("You are no longer waiting for this time."))
    return redirect("my-bookings")


def booking_hold(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link in the offer e-mail: shows the held time with one button to confirm it (a
    button, not the link itself, so that mail scanners opening links confirm nothing)."""
    booking = selectors.hold_get_by_token(pk=pk, token=token)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "extend":
                actor = request.user if request.user.is_authenticated else None
                booking = services.hold_extend(booking=booking, token=token, actor=actor)  # type: ignore[arg-type]
                until = timezone.localtime(booking.hold_expires_at, booking.machine.space.zone)
                messages.success(
                    request,
                    _("Done: we now hold this time for you until %(time)s.")
                    % {"time": until.strftime("%H:%M")},
                )
            elif request.POST.get("action") == "decline":
                services.hold_decline(booking=booking, token=token)
                messages.success(request, _("Thank you. The time goes to the next person."))
            else:
                services.hold_confirm(booking=booking, token=token)
                messages.success(request, _("Booked. We have sent you a confirmation e-mail."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    return render(request, "bookings/hold.html", _hold_context(booking))


def _hold_context(booking: Booking) -> dict[str, Any]:
    """What the hold page says about time, in words (no countdown that only a timer shows):
    until when the hold lasts, how many minutes were left when the page was loaded, and
    whether it can still be extended."""
    now = timezone.now()
    zone = booking.machine.space.zone
    expires = booking.hold_expires_at
    open_hold = booking.status == Booking.Status.HELD and expires is not None and expires > now
    minutes_left = 0
    if open_hold:
        minutes_left = max(1, int(-(-(expires - now).total_seconds() // 60)))  # type: ignore[operator]
    can_extend = services.hold_extension_until(booking=booking, now=now) is not None
    return {
        "booking": booking,
        "machine": booking.machine,
        "open_hold": open_hold,
        "expires_local": timezone.localtime(expires, zone) if expires else None,
        "loaded_local": timezone.localtime(now, zone),
        "minutes_left": minutes_left,
        "hold_minutes": services.HOLD_MINUTES,
        "extend_minutes": services.HOLD_EXTEND_MINUTES,
        "can_extend": can_extend,
    }


# --- staff day plan -------------------------------------------------------------------------


@login_required
def day_plan(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_get(slug=slug)
    if not selectors.user_is_space_staff(user=request.user, space=space):  # type: ignore[arg-type]
        raise Http404(slug)
    today = timezone.localtime(timezone.now(), space.zone).date()
    day = _parse_day(request.GET.get("date"), today)
    plan = selectors.day_plan(space=space, day=day)
    return render(
        request,
        "bookings/day_plan.html",
        {
            "space": space,
            "day": day,
            "previous_day": (day - timedelta(days=1)).isoformat(),
            "next_day": (day + timedelta(days=1)).isoformat(),
            "rows": _day_plan_rows(request, plan["machines"], space.zone),
            "booking_count": plan["booking_count"],
        },
    )


def _day_plan_rows(request: HttpRequest, machines: list[Machine], zone: Any) -> list[dict]:
    """The plan's table rows as HTML built here, escaped with ``format_html``: with thousands
    of bookings a template loop costs about half a millisecond per row, this a few
    microseconds. The structure around the rows stays in the template."""
    attendance_url = _reverse("booking-attendance", pk=0)
    cancel_url = _reverse("booking-cancel", pk=0)
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    labels = dict(Booking.Status.choices)
    checked_in, no_show, cancel = _("Checked in"), _("No-show"), _("Cancel booking")
    maintenance = _("Maintenance")
    result = []
    for machine in machines:
        rows = []
        for b in machine.day_bookings:  # type: ignore[attr-defined]
            start = timezone.localtime(b.start, zone).strftime("%H:%M")
            end = timezone.localtime(b.end, zone).strftime("%H:%M")
            who = b.user.public_name if b.user else ""
            label = f"{who} {start}"
            if b.kind == Booking.Kind.BOOKING:
                person = format_html('{}<br><span class="meta">{}</span>', who, b.user.email)
            else:
                person = format_html("{}", maintenance)
            needs = (
                format_html_join("", "<li>{}</li>", ((n,) for n in b.shared_needs))
                if b.shared_needs
                else ""
            )
            actions = []
            if b.kind == Booking.Kind.BOOKING and b.status != Booking.Status.HELD:
                actions.append(
                    format_html(
                        '<form method="post" action="{}" class="inline-form">{}'
                        '<button type="submit" name="status" value="checked_in">{}'
                        '<span class="visually-hidden"> {}</span></button> '
                        '<button type="submit" name="status" value="no_show">{}'
                        '<span class="visually-hidden"> {}</span></button></form>',
                        attendance_url.replace("/0/", f"/{b.pk}/"),
                        csrf,
                        checked_in,
                        label,
                        no_show,
                        label,
                    )
                )
            if b.status in (Booking.Status.CONFIRMED, Booking.Status.HELD):
                actions.append(
                    format_html(
                        '<form method="post" action="{}" class="inline-form">{}'
                        '<input type="hidden" name="next" value="day-plan">'
                        '<button type="submit">{}<span class="visually-hidden"> {}</span>'
                        "</button></form>",
                        cancel_url.replace("/0/", f"/{b.pk}/"),
                        csrf,
                        cancel,
                        label,
                    )
                )
            rows.append(
                format_html(
                    "<tr><td>{}–{}</td><td>{}</td><td>{}</td><td>{}{}</td>"
                    '<td class="no-print actions">{}</td></tr>',
                    start,
                    end,
                    person,
                    labels[b.status],
                    b.note,
                    format_html("<ul>{}</ul>", needs) if needs else "",
                    mark_safe(" ".join(actions)),  # noqa: S308 - built with format_html
                )
            )
        result.append({"machine": machine, "rows": mark_safe("\n".join(rows))})  # noqa: S308
    return result


@login_required
@require_POST
def booking_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.booking_mark_attendance(
                booking=booking,
                actor=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
            )
        except ServicePermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
    space = booking.machine.space
    day = timezone.localtime(booking.start, space.zone).date()
    return redirect(_reverse("booking-day-plan", slug=space.slug) + f"?date={day}")
