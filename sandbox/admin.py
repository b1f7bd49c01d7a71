from __future__ import annotations

from django.contrib import admin

from sandbox.models import SandboxApp, SandboxDtro, SandboxFaultSetting


@admin.register(SandboxApp)
class SandboxAppAdmin(admin.ModelAdmin):
    list_display = ["name", "client_id", "kind", "tra_code", "rate_limit_per_minute", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "client_id"]
    exclude = ["secret_hash"]


@admin.register(SandboxFaultSetting)
class SandboxFaultSettingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "enabled",
        "latency_ms",
        "error_5xx_rate",
        "rate_429_rate",
        "timeout_rate",
        "drop_rate",
    ]
    list_filter = ["enabled"]


@admin.register(SandboxDtro)
class SandboxDtroAdmin(admin.ModelAdmin):
    list_display = ["id", "tro_name", "tra_creator", "schema_version", "created", "deleted"]
    list_filter = ["deleted", "schema_version"]
    search_fields = ["id", "tro_name"]
    readonly_fields = [f.name for f in SandboxDtro._meta.fields]
