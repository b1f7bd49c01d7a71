"""The audit log: read-only, filterable, exported as CSV."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from dtro_app.admin.base import TraScopedAdmin, supervised_ids
from dtro_app.models import (
    AuditEvent,
    Membership,
)

User = get_user_model()


AUDIT_CSV_COLUMNS = [
    "created_at",
    "actor",
    "authority",
    "action",
    "target_type",
    "target_id",
    "summary",
    "before",
    "after",
    "ip_address",
]


def _csv_safe(value: Any) -> str:
    # Spreadsheets run cells starting with these as formulas.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv(events: QuerySet[AuditEvent]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(AUDIT_CSV_COLUMNS)
    for event in events.select_related("authority").iterator():
        writer.writerow(
            [
                _csv_safe(v)
                for v in (
                    event.created_at.isoformat(),
                    event.actor_label,
                    event.authority.code if event.authority else "",
                    event.action,
                    event.target_type,
                    event.target_id,
                    event.summary,
                    json.dumps(event.before) if event.before is not None else "",
                    json.dumps(event.after) if event.after is not None else "",
                    event.ip_address or "",
                )
            ]
        )
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(TraScopedAdmin):
    list_display = ["created_at", "actor_label", "authority", "action", "summary", "ip_address"]
    list_filter = [
        "action",
        ("authority", admin.RelatedOnlyFieldListFilter),
        "target_type",
    ]
    search_fields = ["actor_label", "summary", "target_id", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["authority"]
    actions = ["export_selected"]
    change_list_template = "admin/dtro_app/auditevent/change_list.html"

    def scope(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        supervised = supervised_ids(request)
        # Sign-ins belong to no TRA: a supervisor sees those of their TRAs' active members,
        # from when they joined (not their history elsewhere, nor while an invite waits).
        joined = (
            Membership.objects.filter(authority_id__in=supervised, is_active=True)
            .annotate(
                member_id=Cast("user_id", output_field=models.CharField()),
                since=Coalesce("joined_at", "created_at"),
            )
            .filter(member_id=OuterRef("target_id"), since__lte=OuterRef("created_at"))
        )
        return queryset.filter(
            Q(authority_id__in=supervised)
            | Q(Exists(joined), authority__isnull=True, target_type=User._meta.label_lower)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEvent._meta.fields]

    @admin.action(description="Export selected as CSV")
    def export_selected(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        return audit_csv(queryset)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="dtro_app_auditevent_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Every row of the changelist as filtered now (same query string)."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        changelist = self.get_changelist_instance(request)
        return audit_csv(changelist.get_queryset(request))
