from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from accounts.models import AccountLock, EmailPreference, LoginAttempt
from dtro_app.admin.base import TraScopedAdmin, supervised_ids
from dtro_app.models import Role


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ["created_at", "email", "stage", "succeeded", "ip_address"]
    list_filter = ["succeeded", "stage"]
    search_fields = ["email", "ip_address"]
    readonly_fields = ["created_at", "email", "stage", "succeeded", "ip_address"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AccountLock)
class AccountLockAdmin(admin.ModelAdmin):
    list_display = ["email", "stage", "scope", "ip_address", "locked_until", "created_at"]
    list_filter = ["stage", "scope"]
    search_fields = ["email", "ip_address"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(TraScopedAdmin):
    """Supervisors' choice of approval emails, for the supervisors of the admin's TRAs."""

    authority_lookup = "user__memberships__authority"
    allow_add = True
    allow_change = True
    list_display = ["user", "approval_emails", "updated_at"]
    list_filter = ["approval_emails"]
    search_fields = ["user__email"]
    fields = ["user", "approval_emails"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # One row per preference, however many of the admin's TRAs its user works for.
        return super().get_queryset(request).select_related("user").distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user"] if obj is not None else []

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "user":
            supervising = {"memberships__role": Role.SUPERVISOR, "memberships__is_active": True}
            if not request.user.is_superuser:
                supervising["memberships__authority__in"] = supervised_ids(request)
            kwargs["queryset"] = (
                get_user_model().objects.filter(**supervising).distinct().order_by("email")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
