"""Every outbound call, read-only, for superusers.

Supervisors see their own TRAs' D-TRO calls on the TRA-scoped pages of `dtro_app.admin`;
this layer knows nothing of TRAs' supervision.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outbound.models import OutboundCall


@admin.register(OutboundCall)
class OutboundCallAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "service",
        "method",
        "path",
        "status",
        "outcome",
        "duration_ms",
        "authority",
        "submission_id",
        "correlation_id",
    ]
    list_filter = ["service", "outcome", "method"]
    search_fields = ["correlation_id", "path"]
    list_select_related = ["authority", "credential"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in OutboundCall._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
