"""D-TROs, their revisions and approvals (read-only: changes go through the portal)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.http import HttpRequest

from dtro_app.admin.base import ReadOnlyInline, TraScopedAdmin
from dtro_app.models import (
    Approval,
    Dtro,
    Revision,
)


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = [
        "number",
        "action",
        "origin",
        "state",
        "schema_version",
        "is_valid",
        "created_by",
        "created_at",
        "note",
    ]
    ordering = ["-number"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return flatten(self.fields)


@admin.register(Dtro)
class DtroAdmin(TraScopedAdmin):
    list_display = ["reference", "name", "authority", "status", "schema_version", "updated_at"]
    list_filter = ["status", ("authority", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "service_id"]
    list_select_related = ["authority"]
    inlines = [RevisionInline]
    readonly_fields = [
        "reference",
        "name",
        "authority",
        "status",
        "schema_version",
        "service_id",
        "created_by",
        "created_at",
        "updated_at",
        "published_at",
        "review_reason",
        "review_flagged_at",
    ]
    fields = list(readonly_fields)


@admin.register(Approval)
class ApprovalAdmin(TraScopedAdmin):
    authority_lookup = "revision__dtro__authority"
    list_display = ["revision", "decision", "decided_by", "decided_at", "self_approved"]
    list_filter = ["decision", "self_approved"]
    list_select_related = ["revision__dtro", "decided_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Approval._meta.fields]
