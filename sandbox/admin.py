from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sandbox.models import (
    SandboxApp,
    SandboxDtro,
    SandboxFaultCount,
    SandboxFaultSetting,
    SandboxGateway,
    SandboxInFlight,
    SandboxProvision,
)


@admin.register(SandboxApp)
class SandboxAppAdmin(admin.ModelAdmin):
    # application_name is the App-Id that provision-level calls must send.
    list_display = ["name", "client_id", "application_name", "kind", "tra_code", "is_active"]
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
        "error_5xx_after_rate",
        "rate_429_rate",
        "timeout_rate",
        "drop_rate",
    ]
    list_filter = ["enabled"]


class SandboxProvisionInline(admin.TabularInline):
    """The ids the service gave the record's provisions (no GET shows them)."""

    model = SandboxProvision
    fields = readonly_fields = ("reference", "id")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SandboxDtro)
class SandboxDtroAdmin(admin.ModelAdmin):
    inlines = [SandboxProvisionInline]
    list_display = ["id", "tro_name", "tra_creator", "schema_version", "created", "deleted"]
    list_filter = ["deleted", "schema_version"]
    search_fields = ["id", "tro_name"]
    readonly_fields = [f.name for f in SandboxDtro._meta.fields]


@admin.register(SandboxGateway)
class SandboxGatewayAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "spike_arrest_per_minute",
        "spike_arrest_burst",
        "refuse_duplicates",
        "track_in_flight",
    ]
    exclude = ["spike_arrest_tat_us"]


@admin.register(SandboxFaultCount)
class SandboxFaultCountAdmin(admin.ModelAdmin):
    list_display = ["kind", "count"]


@admin.register(SandboxInFlight)
class SandboxInFlightAdmin(admin.ModelAdmin):
    list_display = ["method", "path", "user_agent", "started"]
