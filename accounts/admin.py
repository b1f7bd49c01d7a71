from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from accounts.models import AccountLock, LoginAttempt


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
