"""Who reviewed an easy-to-read text stored on a design or a workshop, and when.

One rule for both (issue #6): the review belongs to the text it was given for. A changed text
is no longer reviewed, unless the same edit records a new review. The field names are the
same on both models, so errors point at the form and API fields the caller used."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from makerhub.errors import ServiceError

REVIEWED_BY = "easy_read_reviewed_by"
REVIEWED_AT = "easy_read_reviewed_at"


def easy_read_review_after_edit(
    *,
    old_text: str,
    old_by: str,
    old_at: date | None,
    text: str,
    by: str,
    at: date | None,
    today: date | None = None,
) -> tuple[str, date | None]:
    """The review (name, date) to store after an edit that leaves the easy-read text at
    ``text`` and the review fields at ``by``/``at`` (the old values when the edit did not
    touch them). A review counts as given in this edit only when it differs from the stored
    one: forms send the stored review back unchanged, and that must not vouch for a new text.

    Raises ServiceError (field ``easy_read_reviewed_by`` or ``easy_read_reviewed_at``) for a
    date in the future, a name without a date or the other way round, or a review of no text."""
    by = (by or "").strip()
    old_by = (old_by or "").strip()
    text_changed = (text or "").strip() != (old_text or "").strip()
    review_given = (by, at) != (old_by, old_at)
    if text_changed and not review_given:
        return "", None
    if not by and at is None:
        return "", None
    if at is not None and at > (today or timezone.localdate()):
        raise ServiceError(
            _("The review date cannot be in the future."), code="future_date", field=REVIEWED_AT
        )
    if not (text or "").strip():
        raise ServiceError(
            _("There is no easy-to-read text to review. Please write the text first."),
            field=REVIEWED_BY,
        )
    if not by:
        raise ServiceError(_("Please say who reviewed the easy-to-read text."), field=REVIEWED_BY)
    if at is None:
        raise ServiceError(_("Please give the date of the review."), field=REVIEWED_AT)
    if len(by) > 200:
        raise ServiceError(_("Please use at most 200 characters."), field=REVIEWED_BY)
    return by, at


def easy_read_review_form_clean(form: forms.ModelForm, *, text_field: str) -> None:
    """For admin forms, which save the model without a service: the same rule, errors next
    to the fields. Call from ``clean()``, while ``form.instance`` still holds the stored
    values (the form copies its data onto the instance only after ``clean()``)."""
    data = form.cleaned_data
    if not {text_field, REVIEWED_BY, REVIEWED_AT} <= set(data):
        return  # a field has its own error already
    instance = form.instance
    try:
        by, at = easy_read_review_after_edit(
            old_text=getattr(instance, text_field),
            old_by=getattr(instance, REVIEWED_BY),
            old_at=getattr(instance, REVIEWED_AT),
            text=data[text_field],
            by=data[REVIEWED_BY],
            at=data[REVIEWED_AT],
        )
    except ServiceError as error:
        form.add_error(error.field, error.message)
        return
    data[REVIEWED_BY], data[REVIEWED_AT] = by, at


class EasyReadReviewAdmin(admin.ModelAdmin):
    """For the admin of a model with an easy-read text and ``EasyReadReviewed``: the review
    fields stand right after the text, and saving applies the same rule as the services."""

    easy_read_text_field = ""  # the model's easy-read text, e.g. "easy_summary"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [
            f for f in super().get_fields(request, obj) if f not in (REVIEWED_BY, REVIEWED_AT)
        ]
        after = fields.index(self.easy_read_text_field) + 1
        return [*fields[:after], REVIEWED_BY, REVIEWED_AT, *fields[after:]]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        text_field = self.easy_read_text_field

        class ReviewForm(super().get_form(request, obj, change, **kwargs)):  # type: ignore[misc]
            def clean(self) -> dict[str, Any] | None:
                data = super().clean()
                easy_read_review_form_clean(self, text_field=text_field)
                return data

        return ReviewForm
