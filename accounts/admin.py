from __future__ import annotations

from django.contrib import admin

from accounts.models import AccountLock, LoginAttempt


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ["created_at", "email", "succeeded", "ip_address"]
    list_filter = ["succeeded"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "email", "succeeded", "ip_address"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountLock)
class AccountLockAdmin(admin.ModelAdmin):
    list_display = ["email", "locked_until", "created_at"]
    search_fields = ["email"]
