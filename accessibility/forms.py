from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accessibility import a11yjson
from accessibility.models import BarrierNeed, Need, NeedComment
from spaces.models import Space


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Which barrier did you meet?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Describe what did not work for you. We answer within two weeks."),
    )
    page_url = forms.CharField(label=_("On which page? (optional)"), max_length=500, required=False)
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you want an answer."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DisplaySettingsForm(forms.Form):
    high_contrast = forms.BooleanField(label=_("High contrast"), required=False)
    text_size = forms.ChoiceField(
        label=_("Text size"),
        choices=[("normal", _("Normal")), ("large", _("Large")), ("larger", _("Very large"))],
        widget=forms.RadioSelect,
    )
    easy_read = forms.BooleanField(
        label=_("Easy-to-read German (Leichte Sprache) where it exists"), required=False
    )


class SpaceFilterForm(forms.Form):
    features = forms.MultipleChoiceField(
        label=_("Show only spaces with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adaptations = forms.MultipleChoiceField(
        label=_("Show only machines with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("adapted_controls", _("adapted controls")),
            ("safety_guard", _("additional safety guard")),
            ("seated_operation", _("seated operation")),
            ("height_adjustable_table", _("height-adjustable table")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["features"].choices = list(a11yjson.feature_labels().items())  # type: ignore[attr-defined]


class NeedsProfileForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What helps you?"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose needs, not diagnoses. You can change this at any time."),
    )
    other_needs = forms.CharField(
        label=_("Something else, in your own words (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that MakerHub stores these needs as described above."),
        required=False,
    )
    consent_version = forms.CharField(widget=forms.HiddenInput)


class SupportPersonForm(forms.Form):
    supporter_email = forms.EmailField(
        label=_("E-mail address of your support person"),
        help_text=_("The person needs a MakerHub account."),
    )
    consent = forms.BooleanField(
        label=_("I allow this person to book machines and sign up for workshops for me."),
        required=False,
    )
    consent_version = forms.CharField(widget=forms.HiddenInput)


class NeedForm(forms.Form):
    title = forms.CharField(
        label=_("Short title"),
        max_length=160,
        help_text=_("For example: “Holding the coffee cup”"),
    )
    description = forms.CharField(
        label=_("Describe the barrier in your own words"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What do you want to do? What makes it hard?"),
    )
    measurements = forms.CharField(
        label=_("Measurements (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the cup is 7 cm wide."),
    )
    tried = forms.CharField(
        label=_("What have you tried? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    space = forms.ModelChoiceField(
        label=_("Where could we meet? (optional)"),
        queryset=Space.objects.order_by("name"),
        required=False,
        empty_label=_("no preference"),
    )
    shown_as = forms.ChoiceField(
        label=_("How should others see you?"),
        choices=BarrierNeed.ShownAs.choices,
        initial=BarrierNeed.ShownAs.NAME,
        widget=forms.RadioSelect,
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym (if you chose one)"), max_length=80, required=False
    )
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)
    photo_alt = forms.CharField(
        label=_("Describe the photo (alt text)"),
        max_length=250,
        required=False,
        help_text=_("Needed with a photo: what does it show?"),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=NeedComment.Kind.choices,
        initial=NeedComment.Kind.COMMENT,
        widget=forms.RadioSelect,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class PrototypeForm(forms.Form):
    file = forms.FileField(
        label=_("Prototype file"),
        help_text=_("STL, 3MF, OBJ, SCAD, SVG, DXF, PDF or a photo."),
    )
    description = forms.CharField(label=_("What is new in this prototype?"), max_length=300)


class PrototypeFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Your feedback"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: the handle is too thin."),
    )


class MeetingForm(forms.Form):
    note = forms.CharField(
        label=_("When and where do you meet?"),
        max_length=300,
        required=False,
        help_text=_("For example: Tuesday 14:00 at the AWO Makerspace, at the 3D printer."),
    )
    link = forms.CharField(
        label=_("Link to the booking or workshop (optional)"), max_length=500, required=False
    )
    meeting_booking = forms.IntegerField(
        label=_("Meet at one of your bookings (optional)"),
        required=False,
        widget=forms.Select,
        help_text=_("Only the person with the need, the helpers and staff see the booking."),
    )
    meeting_session = forms.IntegerField(
        label=_("Meet at a workshop date (optional)"), required=False, widget=forms.Select
    )

    def __init__(
        self,
        *args: Any,
        booking_choices: list[tuple[int, str]] | None = None,
        session_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting_booking"].widget.choices = [  # type: ignore[attr-defined]
            ("", _("No booking")),
            *(booking_choices or []),
        ]
        self.fields["meeting_session"].widget.choices = [  # type: ignore[attr-defined]
            ("", _("No workshop date")),
            *(session_choices or []),
        ]


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=200)
