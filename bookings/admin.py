from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bookings import services
from bookings.models import (
    KIND_DEFAULTS,
    Booking,
    Machine,
    Qualification,
    QualificationGrant,
    Watch,
)
from makerhub.admin_scoping import SpaceScopedAdmin, staff_space_ids
from ops.uploads import ReencodedImageField


@admin.register(Machine)
class MachineAdmin(SpaceScopedAdmin):
    list_display = ["name", "space", "kind", "status", "price_member_per_hour"]
    list_filter = ["space", "kind", "status"]
    search_fields = ["name", "make_model"]
    prepopulated_fields = {"slug": ["name"]}
    # Photos are re-encoded on upload (no EXIF/GPS data, random names).
    formfield_overrides = {models.ImageField: {"form_class": ReencodedImageField}}

    def save_model(self, request: HttpRequest, obj: Machine, form: Any, change: bool) -> None:
        if not change:
            # Rules left at the model's generic defaults get the defaults for the kind.
            for field, value in KIND_DEFAULTS[obj.kind].items():
                if field not in form.changed_data:
                    setattr(obj, field, value)
        super().save_model(request, obj, form, change)


@admin.register(Qualification)
class QualificationAdmin(SpaceScopedAdmin):
    list_display = ["name", "space", "valid_for_days"]
    list_filter = ["space"]
    search_fields = ["name"]


@admin.register(QualificationGrant)
class QualificationGrantAdmin(SpaceScopedAdmin):
    space_path = "qualification__space"
    list_display = ["user", "qualification", "granted_at", "expires_at", "revoked_at"]
    list_filter = ["qualification__space", "qualification"]
    search_fields = ["user__email", "user__display_name"]
    readonly_fields = [
        "granted_at",
        "expires_at",
        "granted_by",
        "revoked_at",
        "revoked_by",
        "source",
    ]
    fields = ["qualification", "user", "note", *readonly_fields]
    actions = ["revoke"]

    def save_model(
        self, request: HttpRequest, obj: QualificationGrant, form: Any, change: bool
    ) -> None:
        """New grants go through the service, which records who granted them and when."""
        if change:
            super().save_model(request, obj, form, change)
            return
        actor: Any = request.user
        grant = services.qualification_grant(
            qualification=obj.qualification, user=obj.user, granted_by=actor, note=obj.note
        )
        obj.pk = grant.pk
        obj.__dict__.update(grant.__dict__)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "qualification" and not request.user.is_superuser:
            kwargs["queryset"] = Qualification.objects.filter(space_id__in=staff_space_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Revoke the selected qualifications"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        count = 0
        for grant in queryset.select_related("qualification", "user"):
            count += services.qualification_revoke(
                qualification=grant.qualification,
                user=grant.user,
                revoked_by=request.user,  # type: ignore[arg-type]
            )
        self.message_user(request, _("Revoked: %(count)s") % {"count": count})


@admin.register(Booking)
class BookingAdmin(SpaceScopedAdmin):
    """Read-mostly: bookings change through the pages and the API, where the rules live."""

    space_path = "machine__space"
    list_display = ["machine", "user", "kind", "status", "start", "end"]
    list_filter = ["machine__space", "kind", "status"]
    search_fields = ["user__email", "machine__name"]
    date_hierarchy = "start"
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Watch)
class WatchAdmin(SpaceScopedAdmin):
    space_path = "machine__space"
    list_display = ["machine", "user", "start", "end", "status", "created_at"]
    list_filter = ["machine__space", "status"]
    readonly_fields = ["machine", "user", "start", "end", "created_at"]
