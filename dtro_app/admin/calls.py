"""Every call made to an outside service (the D-TRO service, Street Manager), read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dtro_app.admin.base import TraScopedAdmin
from outbound.models import OutboundCall


@admin.register(OutboundCall)
class OutboundCallAdmin(TraScopedAdmin):
    authority_lookup = "authority"
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
