from __future__ import annotations

from django import forms
from django.contrib import admin

from frontend.admin_forms import WriteOnlySecretForm, write_only_secret_field
from streetworks.models import StreetManagerAccount, SyncCursor, WorksLink


class StreetManagerAccountForm(WriteOnlySecretForm):
    base_url = forms.URLField(
        assume_scheme="https",
        max_length=300,
        help_text="Host and version, e.g. https://api.manage-roadworks.service.gov.uk/v6",
    )
    password = write_only_secret_field("password")
    write_only_field = "password"
    missing_value_message = "Enter the account's password"

    class Meta:
        model = StreetManagerAccount
        fields = ["authority", "environment", "base_url", "email", "password", "is_active"]


@admin.register(StreetManagerAccount)
class StreetManagerAccountAdmin(admin.ModelAdmin):
    form = StreetManagerAccountForm
    list_display = ["authority", "environment", "base_url", "email", "is_active"]
    list_filter = ["environment", "is_active"]


@admin.register(WorksLink)
class WorksLinkAdmin(admin.ModelAdmin):
    list_display = ["work_reference", "permit_reference", "dtro", "authority", "synced_at"]
    search_fields = ["work_reference", "permit_reference"]
    readonly_fields = ["snapshot", "synced_at", "last_update_id"]


@admin.register(SyncCursor)
class SyncCursorAdmin(admin.ModelAdmin):
    list_display = ["account", "update_id", "last_polled_at", "last_error"]
