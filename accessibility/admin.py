from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from accessibility import a11yjson
from accessibility.models import (
    AccessibilityFeedback,
    BarrierNeed,
    EasyReadText,
    MachineAdaptation,
    NeedComment,
    PlaceProfile,
)
from makerhub.admin_scoping import SpaceScopedAdmin


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "name", "handled_at"]
    readonly_fields = ["created_at", "user"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@admin.register(EasyReadText)
class EasyReadTextAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "title", "reviewed_by", "reviewed_at"]
    search_fields = ["key", "title", "text"]


class PlaceProfileForm(forms.ModelForm):
    class Meta:
        model = PlaceProfile
        fields = ["space", "document", "source"]

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if isinstance(document, str):
            document = json.loads(document)
        errors = a11yjson.validate(document)
        if errors:
            raise forms.ValidationError(
                [f"{path}: {'; '.join(messages)}" for path, messages in errors.items()]
            )
        return document


@admin.register(PlaceProfile)
class PlaceProfileAdmin(SpaceScopedAdmin):
    form = PlaceProfileForm
    list_display = ["space", "updated_at", "updated_by"]

    def save_model(self, request: HttpRequest, obj: PlaceProfile, form: Any, change: bool) -> None:
        # The form validated the document against the A11yJSON shape; scoping checked the space.
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(MachineAdaptation)
class MachineAdaptationAdmin(SpaceScopedAdmin):
    space_path = "machine__space"
    list_display = [
        "machine",
        "adapted_controls",
        "safety_guard",
        "seated_operation",
        "height_adjustable_table",
    ]


@admin.register(BarrierNeed)
class BarrierNeedAdmin(admin.ModelAdmin):
    """Moderation only: the content belongs to the people who wrote it."""

    list_display = ["title", "status", "created_at", "hidden_at", "withdrawn_at"]
    list_filter = ["status"]
    fields = ["title", "status", "hidden_at", "hidden_reason"]
    readonly_fields = ["title", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@admin.register(NeedComment)
class NeedCommentAdmin(admin.ModelAdmin):
    list_display = ["need", "kind", "created_at", "hidden_at"]
    fields = ["text", "hidden_at"]
    readonly_fields = ["text"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser
