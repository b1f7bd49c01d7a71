"""Document templates in the Django admin, for supervisors of the template's TRA only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from documents.models import DocumentTemplate
from dtro_app.admin.base import TraScopedAdmin
from dtro_app.scoping import signed_in_user


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(TraScopedAdmin):
    allow_add = True
    allow_change = True
    list_display = ["authority", "kind", "updated_at", "updated_by"]
    list_filter = ["kind"]
    fields = ["authority", "kind", "body", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        obj.updated_by = signed_in_user(request)
        super().save_model(request, obj, form, change)
