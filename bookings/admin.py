from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from bookings.models import (
    KIND_DEFAULTS,
    Booking,
    Machine,
    Qualification,
    QualificationGrant,
    Watch,
)
from makerhub.admin_scoping import SpaceScopedAdmin


@admin.register(Machine)
class MachineAdmin(SpaceScopedAdmin):
    list_display = ["name", "space", "kind", "status", "price_member_per_hour"]
    list_filter = ["space", "kind", "status"]
    search_fields = ["name", "make_model"]
    prepopulated_fields = {"slug": ["name"]}

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
    readonly_fields = ["granted_by", "revoked_by", "source"]


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
