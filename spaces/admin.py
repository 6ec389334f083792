from django.contrib import admin
from django.http import HttpRequest

from makerhub.admin_scoping import SpaceScopedAdmin, SpaceScopedInline
from spaces import services
from spaces.models import Closure, OpeningHours, Space, SpaceMembership


class OpeningHoursInline(SpaceScopedInline):
    model = OpeningHours


class ClosureInline(SpaceScopedInline):
    model = Closure


class MembershipInline(SpaceScopedInline):
    model = SpaceMembership


@admin.register(Space)
class SpaceAdmin(SpaceScopedAdmin):
    space_path = ""
    superuser_only_add = True
    list_display = ["name", "slug", "city", "contact_email"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["run_by"]
    inlines = [OpeningHoursInline, ClosureInline, MembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return request.user.is_superuser

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        super().save_formset(request, form, formset, change)
        if formset.model is SpaceMembership:
            # Keep admin access in step with the staff role, as the service does.
            for membership in formset.queryset.model.objects.filter(space=form.instance):
                services._sync_admin_access(membership.user)
            for deleted in formset.deleted_objects:
                services._sync_admin_access(deleted.user)


@admin.register(SpaceMembership)
class SpaceMembershipAdmin(SpaceScopedAdmin):
    list_display = ["user", "space", "role", "created_at"]
    list_filter = ["space", "role"]
    search_fields = ["user__email", "user__display_name"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        services.membership_set(space=obj.space, user=obj.user, role=obj.role)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        services.membership_remove(space=obj.space, user=obj.user)
