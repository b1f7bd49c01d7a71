"""What every admin page shares: TRA scoping for supervisors and read-only inlines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeAlias

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest

from dtro_app.models import (
    TrafficAuthority,
)

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups

# What an admin's `fields` and `get_fields` hold: names, or rows of names shown together.
FieldGroups: TypeAlias = "_FieldGroups"


def supervised_ids(request: HttpRequest) -> list[int]:
    """The ids of the TRAs the user supervises, computed once per request."""
    if not hasattr(request, "_supervised_authority_ids"):
        request._supervised_authority_ids = list(  # type: ignore[attr-defined]
            TrafficAuthority.objects.supervised_by(request.user).values_list("pk", flat=True)
        )
    return request._supervised_authority_ids  # type: ignore[attr-defined]


def may_supervise(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or supervised_ids(request)))


class TraScopedAdmin(admin.ModelAdmin):
    """Rows are limited to the TRAs the user supervises (all of them for superusers).

    Permissions come from supervision, not Django's model permissions: a supervisor may
    view; adding and changing are opt-in per admin; deleting is for superusers only.
    """

    # The lookup from this model to its TrafficAuthority.
    authority_lookup = "authority"
    allow_add = False
    allow_change = False
    allow_delete = False

    def scope(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.authority_lookup}__in": supervised_ids(request)})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(super().get_queryset(request), request)

    def _in_scope(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.scope(self.model._default_manager.filter(pk=obj.pk), request).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_supervise(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_supervise(request) and self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_add and may_supervise(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_change and may_supervise(request) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_delete and request.user.is_superuser

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.related_model is TrafficAuthority and not request.user.is_superuser:
            kwargs["queryset"] = TrafficAuthority.objects.filter(pk__in=supervised_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """An inline shown on a parent the user may already view (the parent is scoped)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_supervise(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def non_secret_fields(model: type[models.Model], pk: Any, fields: list[str]) -> dict | None:
    if pk is None:
        return None
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return None
    values = model_to_dict(instance, fields=fields)
    return json.loads(json.dumps(values, default=str))
