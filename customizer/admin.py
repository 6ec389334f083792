from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from customizer import messages, scad, services
from customizer.models import Customization, ParametricSource, PrintRequest
from makerhub.admin_scoping import SpaceScopedAdmin, staff_space_ids
from makerhub.errors import ServiceError


class ParametricSourceForm(forms.ModelForm):
    class Meta:
        model = ParametricSource
        fields = ["design", "filename", "source"]

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        problems = [
            p for p in scad.parse(source).problems if p.code in ("file_access", "no_parameters")
        ]
        if problems:
            raise ValidationError([messages.source_problem(p) for p in problems])
        return source


@admin.register(ParametricSource)
class ParametricSourceAdmin(SpaceScopedAdmin):
    form = ParametricSourceForm
    space_path = "design__space"
    list_display = ["design", "filename", "updated_at"]
    readonly_fields = ["sha256", "source_report"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "design" and not request.user.is_superuser:
            from designs.models import Design

            kwargs["queryset"] = Design.objects.filter(space__in=staff_space_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("what people cannot change"))
    def source_report(self, obj: ParametricSource) -> str:
        return "\n".join(messages.source_problem(p) for p in scad.parse(obj.source).problems)

    def save_model(
        self, request: HttpRequest, obj: ParametricSource, form: Any, change: bool
    ) -> None:
        try:
            saved = services.parametric_source_attach(
                design=obj.design,
                source=obj.source,
                filename=obj.filename,
                user=request.user,  # type: ignore[arg-type]
            )
        except ServiceError as exc:  # pragma: no cover - the form checked it already
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk


@admin.register(Customization)
class CustomizationAdmin(SpaceScopedAdmin):
    space_path = "source__design__space"
    list_display = ["source", "status", "failure", "render_seconds", "created_at"]
    list_filter = ["status", "failure"]
    readonly_fields = [f.name for f in Customization._meta.fields]


@admin.register(PrintRequest)
class PrintRequestAdmin(SpaceScopedAdmin):
    list_display = ["customization", "space", "requester", "status", "created_at"]
    list_filter = ["space", "status"]
    raw_id_fields = ["customization", "variant", "requester"]
