from django.contrib import admin

from bookings.models import Machine, Qualification, QualificationGrant
from makerhub.admin_scoping import SpaceScopedAdmin


@admin.register(Machine)
class MachineAdmin(SpaceScopedAdmin):
    list_display = ["name", "space", "kind", "status", "price_member_per_hour"]
    list_filter = ["space", "kind", "status"]
    search_fields = ["name", "make_model"]
    prepopulated_fields = {"slug": ["name"]}


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
