"""Every call made to the D-TRO service, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dtro_app.admin.base import TraScopedAdmin
from dtro_app.models import (
    ApiCall,
)


@admin.register(ApiCall)
class ApiCallAdmin(TraScopedAdmin):
    authority_lookup = "credential__authority"
    list_display = [
        "created_at",
        "method",
        "path",
        "status",
        "outcome",
        "duration_ms",
        "credential",
        "submission_id",
        "correlation_id",
    ]
    list_filter = ["outcome", "method", ("credential", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["correlation_id", "path"]
    list_select_related = ["credential__authority"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in ApiCall._meta.fields]
