"""Admin for space staff: each sees and changes only what belongs to their own spaces.

Django's model permissions are not used for space data; the staff role in a space is the
permission. Superusers see everything."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, Model, QuerySet
from django.http import HttpRequest

from spaces.models import Role, Space


def staff_space_ids(request: HttpRequest) -> set[int]:
    cache_name = "_makerhub_staff_space_ids"
    if not hasattr(request, cache_name):
        user = request.user
        ids = set(
            Space.objects.filter(
                memberships__user_id=user.pk or 0, memberships__role=Role.STAFF
            ).values_list("pk", flat=True)
        )
        setattr(request, cache_name, ids)
    return getattr(request, cache_name)


class SpaceScopedAdmin(admin.ModelAdmin):
    """Set ``space_path`` to the lookup from the model to its Space ("space",
    "machine__space"); "" when the model is Space itself."""

    space_path = "space"
    superuser_only_add = False

    def _is_staff(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or staff_space_ids(request)))

    def _space_ids_of(self, obj: Model) -> int | None:
        if not self.space_path:
            return obj.pk
        value: Any = obj
        for part in self.space_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk

    def _owns(self, request: HttpRequest, obj: Model | None) -> bool:
        if request.user.is_superuser:
            return True
        if not self._is_staff(request):
            return False
        return obj is None or self._space_ids_of(obj) in staff_space_ids(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.space_path}__in" if self.space_path else "pk__in"
        return queryset.filter(**{lookup: staff_space_ids(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._owns(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._owns(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._owns(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if self.superuser_only_add:
            return request.user.is_superuser
        return self._is_staff(request)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.related_model is Space and not request.user.is_superuser:
            kwargs["queryset"] = Space.objects.filter(pk__in=staff_space_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SpaceScopedInline(admin.TabularInline):
    """Inlines under a space-scoped parent: permission follows the parent."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(staff_space_ids(request))

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission
