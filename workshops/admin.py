from django.contrib import admin

from accessibility.easy_read_review import EasyReadReviewAdmin
from makerhub.admin_scoping import SpaceScopedAdmin, SpaceScopedInline
from workshops.models import Session, Signup, Workshop


class SessionInline(SpaceScopedInline):
    model = Session
    fields = ["start", "end", "room", "capacity", "signup_deadline", "cancelled_at"]


@admin.register(Workshop)
class WorkshopAdmin(EasyReadReviewAdmin, SpaceScopedAdmin):
    easy_read_text_field = "easy_summary"
    list_display = ["title", "space", "category", "grants_qualification"]
    list_filter = ["space", "category"]
    search_fields = ["title"]
    filter_horizontal = ["hosts"]
    inlines = [SessionInline]


@admin.register(Signup)
class SignupAdmin(SpaceScopedAdmin):
    """Read mostly: changes to seats go through the site, where the rules are kept."""

    space_path = "session__workshop__space"
    list_display = ["__str__", "status", "attendance", "ticket_code", "created_at"]
    list_filter = ["status", "attendance"]
    search_fields = ["ticket_code", "guest_name", "user__email"]
    readonly_fields = [f.name for f in Signup._meta.fields]
