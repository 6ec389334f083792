"""Page forms: they only parse input; every rule lives in bookings.services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Machine
from spaces.hours import local_datetime


class TimeRangeForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: object, machine: Machine, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.machine = machine
        step = str(machine.slot_minutes * 60)
        self.fields["start_time"].widget.attrs["step"] = step
        self.fields["end_time"].widget.attrs["step"] = step

    def interval(self) -> tuple[datetime, datetime]:
        """Start and end as instants in the space's time zone. An end at 00:00 is midnight
        at the end of the day."""
        zone = self.machine.space.zone
        day: date = self.cleaned_data["day"]
        start = local_datetime(day, self.cleaned_data["start_time"], zone)
        end_time: time = self.cleaned_data["end_time"]
        end_day = day + timedelta(days=1) if end_time == time(0, 0) else day
        return start, local_datetime(end_day, end_time, zone)


class BookingForm(TimeRangeForm):
    note = forms.CharField(
        label=_("Note for the staff (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_needs = forms.BooleanField(
        label=_("Share my access needs with the staff for this booking"), required=False
    )
    extra_time = forms.BooleanField(
        label=_("I need more time (up to twice the longest booking)"), required=False
    )
    on_behalf = forms.EmailField(
        label=_("Book for (e-mail address, staff only)"),
        required=False,
        help_text=_("Leave empty to book for yourself."),
    )
    outside_hours = forms.BooleanField(
        label=_("Outside opening hours (staff only)"), required=False
    )

    def __init__(
        self, *args: object, machine: Machine, is_staff: bool, more_time: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, machine=machine, **kwargs)
        if not is_staff:
            del self.fields["on_behalf"]
            del self.fields["outside_hours"]
        if not more_time:
            del self.fields["extra_time"]


class RescheduleForm(TimeRangeForm):
    pass


class MaintenanceForm(TimeRangeForm):
    reason = forms.CharField(label=_("Reason"), max_length=250, required=False)


class MachineStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Machine.Status.choices)


class MachineFilterForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Machine.Kind.choices]
    )
    available_now = forms.BooleanField(label=_("Only machines free right now"), required=False)
    adaptations = forms.MultipleChoiceField(
        label=_("Only machines with these adaptations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("adapted_controls", _("adapted controls")),
            ("safety_guard", _("additional safety guard")),
            ("seated_operation", _("can be used seated")),
            ("height_adjustable_table", _("height-adjustable table")),
        ],
    )

    def __init__(
        self,
        *args: object,
        spaces: list[tuple[str, str]],
        with_adaptations: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["space"].choices = [("", _("All spaces")), *spaces]  # type: ignore[attr-defined]
        if not with_adaptations:  # the accessibility app is not installed
            del self.fields["adaptations"]


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Booking.Status.CHECKED_IN, _("Checked in")),
            (Booking.Status.NO_SHOW, _("No-show")),
        ]
    )
