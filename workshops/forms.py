"""Forms only parse input; the rules live in services."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.models import Qualification
from spaces.models import ROLE_RANK, Role, Space
from workshops import series
from workshops.models import Session, Workshop
from workshops.selectors import ACCESSIBILITY_FILTERS


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


ACCESSIBILITY_LABELS = {
    "step_free": _("Step-free room"),
    "sign_language": _("Sign-language interpretation on request"),
    "large_print": _("Materials in large print"),
    "quiet_breaks": _("Quiet breaks"),
}


class WorkshopFilterForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Workshop.Category.choices],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    free_seats = forms.BooleanField(label=_("Only with free seats"), required=False)
    easy_read = forms.BooleanField(label=_("Only with easy-to-read text"), required=False)
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=[(key, ACCESSIBILITY_LABELS[key]) for key in ACCESSIBILITY_FILTERS],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, spaces: list[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All spaces"))] + [(space.slug, space.name) for space in spaces]
        self.fields["space"].choices = choices  # type: ignore[attr-defined]


class SignupForm(forms.Form):
    """Needs shared for one sign-up: free text plus options from the profile, with consent."""

    needs_options = forms.MultipleChoiceField(
        label=_("Needs from my profile"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_text = forms.CharField(
        label=_("What should the hosts know so that you can take part well?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. For example: I use a wheelchair; I need breaks; please speak slowly."
        ),
    )
    needs_consent = forms.BooleanField(
        label=_("I agree that the hosts of this workshop may see these needs."),
        required=False,
        help_text=_("Only the hosts and the staff of this space see them, nobody else."),
    )

    def __init__(self, *args: Any, profile_needs: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if profile_needs:
            field = self.fields["needs_options"]
            field.choices = [(need, need) for need in profile_needs]  # type: ignore[attr-defined]
        else:
            del self.fields["needs_options"]


class WorkshopForm(forms.ModelForm):
    hosts = forms.ModelMultipleChoiceField(
        label=_("Hosts"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People with the host or staff role in this space."),
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "description",
            "easy_summary",
            "easy_read_reviewed_by",
            "easy_read_reviewed_at",
            "category",
            "language",
            "price",
            "photo",
            "photo_alt",
            "step_free",
            "sign_language",
            "large_print",
            "quiet_breaks",
            "accessibility_notes",
            "grants_qualification",
            "requires_qualification",
            "hosts",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "easy_summary": forms.Textarea(attrs={"rows": 3}),
            "easy_read_reviewed_at": DateInput(format="%Y-%m-%d"),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "easy_read_reviewed_by": _(
                "Who checked the easy-to-read text, ideally people of the target group. "
                "A changed text counts as not reviewed unless you record a new review here."
            ),
        }

    def __init__(self, *args: Any, space: Space, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.HOST]]
        hosts = User.objects.filter(memberships__space=space, memberships__role__in=roles)
        self.fields["hosts"].queryset = hosts.order_by("display_name", "email")  # type: ignore[attr-defined]
        qualifications = Qualification.objects.filter(space=space)
        for name in ("grants_qualification", "requires_qualification"):
            self.fields[name].queryset = qualifications  # type: ignore[attr-defined]


class SessionSeriesForm(forms.Form):
    first_date = forms.DateField(label=_("Date (first session)"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput, initial=time(18, 0))
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput, initial=time(20, 0))
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=8)
    deadline_hours = forms.IntegerField(
        label=_("Sign-up closes (hours before the start)"),
        min_value=0,
        max_value=24 * 60,
        initial=24,
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[
            (series.NONE, _("Only once")),
            (series.WEEKLY, _("Every week")),
            (series.BIWEEKLY, _("Every two weeks")),
            (
                series.MONTHLY_WEEKDAY,
                _("Every month on the same weekday (e.g. every first Tuesday)"),
            ),
        ],
        initial=series.NONE,
    )
    count = forms.IntegerField(
        label=_("Number of sessions"), min_value=1, max_value=series.MAX_SESSIONS, initial=1
    )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    deadline_hours = forms.IntegerField(
        label=_("Sign-up closes (hours before the start)"), min_value=0, max_value=24 * 60
    )

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        zone = session.workshop.space.zone
        start = timezone.localtime(session.start, zone)
        end = timezone.localtime(session.end, zone)
        hours = int((session.start - session.signup_deadline) / timedelta(hours=1))
        return {
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "room": session.room,
            "capacity": session.capacity,
            "deadline_hours": max(hours, 0),
        }

    def times(self, space: Space) -> tuple[datetime, datetime, datetime]:
        data = self.cleaned_data
        start = datetime.combine(data["date"], data["start_time"], tzinfo=space.zone)
        end = datetime.combine(data["date"], data["end_time"], tzinfo=space.zone)
        return start, end, start - timedelta(hours=data["deadline_hours"])


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everybody signed up)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("E-mail or phone"),
        max_length=160,
        required=False,
        help_text=_("If this is the e-mail of a MakerHub account, that account is signed up."),
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
