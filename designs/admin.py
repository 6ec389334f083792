"""Admin of the design library, scoped to the staff's spaces. Publishing and revalidation go
through the services, like on the pages."""

from __future__ import annotations

from typing import cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accessibility.easy_read_review import EasyReadReviewAdmin
from accounts.models import User
from designs import services
from designs.models import Design, DesignEvent, DesignFile, Make, Variant
from makerhub.admin_scoping import SpaceScopedAdmin, SpaceScopedInline
from makerhub.errors import ServiceError


class VariantInline(SpaceScopedInline):
    model = Variant


class DesignEventInline(SpaceScopedInline):
    model = DesignEvent
    readonly_fields = ["action", "user", "note", "created_at"]
    fields = ["action", "user", "note", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Design)
class DesignAdmin(EasyReadReviewAdmin, SpaceScopedAdmin):
    easy_read_text_field = "easy_read_description"
    list_display = ["title", "space", "status", "licence", "downloads", "published_at"]
    list_filter = ["space", "status", "category", "licence"]
    search_fields = ["title", "summary", "tags"]
    readonly_fields = ["status", "published_at", "reviewed_by", "downloads", "remix_of"]
    inlines = [VariantInline, DesignEventInline]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected designs"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Design]) -> None:
        user = cast(User, request.user)
        for design in queryset:
            try:
                services.design_publish(design=design, user=user)
            except ServiceError as error:
                self.message_user(request, f"{design}: {error.message}", messages.ERROR)


@admin.register(DesignFile)
class DesignFileAdmin(SpaceScopedAdmin):
    space_path = "design__space"
    list_display = ["original_name", "design", "kind", "status", "validated_at", "downloads"]
    list_filter = ["status", "kind", "design__space"]
    search_fields = ["original_name", "design__title"]
    readonly_fields = ["status", "report", "fits_machines", "sha256", "validated_at", "progress"]
    actions = ["revalidate"]

    @admin.action(description=_("Check the selected STL files again"))
    def revalidate(self, request: HttpRequest, queryset: QuerySet[DesignFile]) -> None:
        from designs.tasks import design_file_validate_task

        for design_file in queryset.filter(kind=DesignFile.Kind.STL):
            design_file_validate_task.delay(design_file.pk)


@admin.register(Make)
class MakeAdmin(SpaceScopedAdmin):
    space_path = "design__space"
    list_display = ["design", "user", "printer", "material", "created_at"]
    list_filter = ["design__space"]
