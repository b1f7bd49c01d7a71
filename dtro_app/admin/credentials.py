"""API credentials: write-only secrets, an audit of every change, and Test connection."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from dtro_app import audit
from dtro_app.admin.base import TraScopedAdmin, non_secret_fields
from dtro_app.client import DtroClient
from dtro_app.client.errors import ApiError
from dtro_app.models import (
    ApiCredential,
)
from frontend.admin_forms import WriteOnlySecretForm, write_only_secret_field


class ApiCredentialForm(WriteOnlySecretForm):
    secret = write_only_secret_field("secret")
    write_only_field = "secret"
    missing_value_message = "Enter the client secret"
    fields_needing_secret = ("base_url", "client_id")

    class Meta:
        model = ApiCredential
        fields = [
            "authority",
            "environment",
            "base_url",
            "client_id",
            "app_id",
            "secret",
            "is_active",
        ]


CREDENTIAL_AUDIT_FIELDS = [
    "authority",
    "environment",
    "base_url",
    "client_id",
    "app_id",
    "is_active",
]


# A supervisor waits on the page for the answer: give up well before the client's usual
# 30-second read timeout (meant for deliveries), and say so.
CONNECTION_CHECK_TIMEOUT = (3.0, 10.0)


def check_connection(credential: ApiCredential) -> tuple[bool, str]:
    """Fetch a token and the schema versions; say plainly what happened."""
    try:
        # Like the circuit's probe, a supervisor's check may call while the circuit is open.
        body = DtroClient(
            credential, timeout=CONNECTION_CHECK_TIMEOUT, max_budget_wait=3.0, probe=True
        ).schema_versions()
    except ApiError as exc:
        if exc.status == 401:
            return False, (
                f"{credential}: the D-TRO service refused the client id and secret (401). "
                "Check them and save the credential again."
            )
        if exc.status == 403:
            return False, (
                f"{credential}: the D-TRO service accepted the client id and secret but "
                "refused access (403). Ask DfT to check the app's permissions."
            )
        return False, f"{credential}: {exc.message}. Check the base URL and try again."
    versions = [
        str(item.get("schemaVersion") or item.get("version") or item)
        for item in (body if isinstance(body, list) else [])
        if isinstance(item, dict)
    ]
    listed = ", ".join(versions) if versions else "none"
    return True, f"{credential}: connected. The service accepts schema versions {listed}."


@admin.register(ApiCredential)
class ApiCredentialAdmin(TraScopedAdmin):
    form = ApiCredentialForm
    allow_add = True
    allow_change = True
    list_display = ["authority", "environment", "base_url", "client_id", "is_active"]
    list_filter = ["environment", "is_active"]
    actions = ["test_connection_action"]
    change_form_template = "admin/dtro_app/apicredential/change_form.html"

    def save_model(self, request: HttpRequest, obj: ApiCredential, form: Any, change: bool) -> None:
        before = non_secret_fields(ApiCredential, obj.pk, CREDENTIAL_AUDIT_FIELDS)
        secret_changed = form.secret_changed
        super().save_model(request, obj, form, change)
        after = non_secret_fields(ApiCredential, obj.pk, CREDENTIAL_AUDIT_FIELDS) or {}
        # Record that the secret changed, never what it is.
        after["secret_changed"] = secret_changed
        audit.record(
            "credential.changed" if change else "credential.created",
            actor=request.user,
            authority=obj.authority,
            target=obj,
            summary=f"API credential {obj} {'changed' if change else 'created'}"
            + (" (new secret)" if change and secret_changed else ""),
            before=before,
            after=after,
            ip_address=audit.client_ip(request),
        )

    @admin.action(description="Test connection")
    def test_connection_action(
        self, request: HttpRequest, queryset: QuerySet[ApiCredential]
    ) -> None:
        for credential in queryset.select_related("authority"):
            ok, message = check_connection(credential)
            self.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/test-connection/",
                self.admin_site.admin_view(require_POST(self.test_connection_view)),
                name="dtro_app_apicredential_test_connection",
            ),
            *super().get_urls(),
        ]

    def test_connection_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        credential = get_object_or_404(self.get_queryset(request), pk=pk)
        ok, message = check_connection(credential)
        self.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:dtro_app_apicredential_change", args=[credential.pk])
        )
