"""The Django admin as supervisors use it: scoped to their TRAs, read-mostly.

Every ModelAdmin here derives from `TraScopedAdmin`: superusers see every row; staff
supervisors see only rows of TRAs where they hold an active supervisor membership, and
reach other TRAs' rows by no URL. State changes go through the services, never raw saves.
"""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from dtro_app import audit
from dtro_app.approvals import policy as approval_policy
from dtro_app.approvals.supervision import supervised_authorities
from dtro_app.client import DtroClient
from dtro_app.client.errors import ApiError
from dtro_app.membership import services as user_service
from dtro_app.models import (
    ApiCall,
    ApiCredential,
    Approval,
    AuditEvent,
    Dtro,
    Invitation,
    Membership,
    Revision,
    Role,
    ServiceEndpoint,
    Submission,
    SubmissionAttempt,
    SubmissionState,
    TrafficAuthority,
)
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.publishing import outbox
from frontend.admin_forms import WriteOnlySecretForm, write_only_secret_field

User = get_user_model()


# --- scoping -----------------------------------------------------------------------------


def _supervised_ids(request: HttpRequest) -> list[int]:
    """The ids of the TRAs the user supervises, computed once per request."""
    if not hasattr(request, "_supervised_authority_ids"):
        request._supervised_authority_ids = list(  # type: ignore[attr-defined]
            supervised_authorities(request.user).values_list("pk", flat=True)
        )
    return request._supervised_authority_ids  # type: ignore[attr-defined]


def _may_supervise(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or _supervised_ids(request))
    )


class TraScopedAdmin(admin.ModelAdmin):
    """Rows are limited to the TRAs the user supervises (all of them for superusers).

    Permissions come from supervision, not Django's model permissions: a supervisor may
    view; adding and changing are opt-in per admin; deleting is for superusers only.
    """

    # The lookup from this model to its TrafficAuthority.
    authority_lookup = "authority"
    allow_add = False
    allow_change = False
    allow_delete = False

    def scope(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.authority_lookup}__in": _supervised_ids(request)})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(super().get_queryset(request), request)

    def _in_scope(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.scope(self.model._default_manager.filter(pk=obj.pk), request).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_supervise(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_supervise(request) and self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_add and _may_supervise(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_change and _may_supervise(request) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_delete and request.user.is_superuser

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField:
        if db_field.related_model is TrafficAuthority and not request.user.is_superuser:
            kwargs["queryset"] = TrafficAuthority.objects.filter(pk__in=_supervised_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """An inline shown on a parent the user may already view (the parent is scoped)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_supervise(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- traffic regulation authorities ------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(TrafficAuthority)
class TrafficAuthorityAdmin(TraScopedAdmin):
    authority_lookup = "pk"
    allow_change = True
    list_display = ["code", "name", "allow_self_approval_of_temporary_orders"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "allow_self_approval_of_temporary_orders"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[type]:
        # Supervisors manage people through Memberships (scoped); the user picker here
        # would list every user of the portal.
        return [MembershipInline] if request.user.is_superuser else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.fields, "self_approval_proposal"] if obj is not None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A supervisor may change their TRA's approval policy, not who the TRA is.
        names = [] if request.user.is_superuser else ["code", "name"]
        return [*names, "self_approval_proposal"]

    @admin.display(description="Waiting for confirmation")
    def self_approval_proposal(self, obj: TrafficAuthority) -> str:
        pending = approval_policy.pending_proposal(obj)
        if pending is None:
            return "Nothing waiting"
        who = pending.proposed_by.email if pending.proposed_by else "someone"
        return (
            f"{who} proposed allowing self-approval on {pending.proposed_at:%d %B %Y %H:%M}. "
            "Another supervisor of this TRA ticks the box and saves to confirm."
        )

    def save_model(self, request: HttpRequest, obj: TrafficAuthority, form: Any, change: bool):  # type: ignore[no-untyped-def]
        before = _non_secret_fields(TrafficAuthority, obj.pk, self.fields)
        # Turning self-approval on takes a second supervisor: hold it back and propose.
        was_on = bool(before and before.get("allow_self_approval_of_temporary_orders"))
        wants_on = obj.allow_self_approval_of_temporary_orders
        if wants_on and not was_on:
            obj.allow_self_approval_of_temporary_orders = False
        super().save_model(request, obj, form, change)
        if wants_on and not was_on:
            outcome = approval_policy.ask_to_allow_self_approval(request, obj)
            if outcome is approval_policy.Outcome.CONFIRMED:
                message = "Self-approval of temporary orders is now on (confirmed by you)."
            else:
                message = (
                    "Self-approval of temporary orders stays off until a different supervisor "
                    f"of {obj.name} confirms it (they tick the box and save)."
                )
            self.message_user(request, message, messages.WARNING)
        elif not wants_on:
            approval_policy.withdraw_proposals(request, obj)
        after = _non_secret_fields(TrafficAuthority, obj.pk, self.fields)
        if change and before == after:
            return  # nothing changed (a proposal is audited on its own)
        audit.record(
            "authority.changed" if change else "authority.created",
            actor=request.user,
            authority=obj,
            target=obj,
            summary=f"{obj} {'changed' if change else 'created'}",
            before=before,
            after=after,
            ip_address=audit.client_ip(request),
        )


def _non_secret_fields(model: type[models.Model], pk: Any, fields: list[str]) -> dict | None:
    if pk is None:
        return None
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return None
    values = model_to_dict(instance, fields=fields)
    return json.loads(json.dumps(values, default=str))


# --- API credentials --------------------------------------------------------------------


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
            "secret",
            "is_active",
        ]


CREDENTIAL_AUDIT_FIELDS = [
    "authority",
    "environment",
    "base_url",
    "client_id",
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

    def save_model(self, request: HttpRequest, obj: ApiCredential, form: Any, change: bool):  # type: ignore[no-untyped-def]
        before = _non_secret_fields(ApiCredential, obj.pk, CREDENTIAL_AUDIT_FIELDS)
        secret_changed = form.secret_changed
        super().save_model(request, obj, form, change)
        after = _non_secret_fields(ApiCredential, obj.pk, CREDENTIAL_AUDIT_FIELDS) or {}
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
    def test_connection_action(self, request: HttpRequest, queryset: QuerySet[ApiCredential]):  # type: ignore[no-untyped-def]
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


# --- D-TROs, revisions and approvals -------------------------------------------------------------


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
        return list(self.fields)


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
    fields = readonly_fields


@admin.register(Approval)
class ApprovalAdmin(TraScopedAdmin):
    authority_lookup = "revision__dtro__authority"
    list_display = ["revision", "decision", "decided_by", "decided_at", "self_approved"]
    list_filter = ["decision", "self_approved"]
    list_select_related = ["revision__dtro", "decided_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Approval._meta.fields]


# --- the delivery queue ----------------------------------------------------------------------


class AgeFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"
    BANDS = {
        "hour": ("Less than an hour", timedelta(hours=1), None),
        "day": ("1 to 24 hours", timedelta(days=1), timedelta(hours=1)),
        "week": ("1 to 7 days", timedelta(days=7), timedelta(days=1)),
        "older": ("Older than 7 days", None, timedelta(days=7)),
    }

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, band[0]) for key, band in self.BANDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        band = self.BANDS.get(self.value() or "")
        if band is None:
            return queryset
        _, younger_than, older_than = band
        now = timezone.now()
        if younger_than is not None:
            queryset = queryset.filter(created_at__gt=now - younger_than)
        if older_than is not None:
            queryset = queryset.filter(created_at__lte=now - older_than)
        return queryset


class SubmissionAttemptInline(ReadOnlyInline):
    model = SubmissionAttempt
    verbose_name_plural = "attempts"
    fields = [
        "number",
        "started_at",
        "finished_at",
        "outcome",
        "http_status",
        "message",
        "correlation_id",
        "retry_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.fields)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling?",
        help_text="The officers of the D-TRO see this reason.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Give a reason for cancelling"},
    )


@admin.register(Submission)
class SubmissionAdmin(TraScopedAdmin):
    """The delivery queue: what is waiting, what failed, and every attempt and API call."""

    list_display = [
        "id",
        "dtro_link",
        "authority",
        "action",
        "state_tag",
        "attempts",
        "created_at",
        "next_attempt_at",
        "error_excerpt",
    ]
    list_display_links = ["id"]
    list_filter = [
        "state",
        ("authority", admin.RelatedOnlyFieldListFilter),
        AgeFilter,
        ("credential", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["dtro", "authority"]
    search_fields = ["dtro__name", "service_id", "last_error"]
    actions = ["retry_now", "cancel_submissions"]
    inlines = [SubmissionAttemptInline]
    fields = [
        "dtro_link",
        "authority",
        "revision",
        "action",
        "sequence",
        "credential",
        "state_tag",
        "attempts",
        "window_started_at",
        "next_attempt_at",
        "first_sent_at",
        "service_id",
        "last_error",
        "service_errors",
        "created_at",
        "completed_at",
        "cancelled_by",
        "cancel_reason",
        "api_calls",
    ]
    readonly_fields = fields
    change_form_template = "admin/dtro_app/submission/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Submission]:
        # Oldest waiting first: pending and failed rows (which need someone) before the rest.
        waiting = Case(
            When(state__in=[*PENDING_STATES, SubmissionState.FAILED], then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        # Annotated before ModelAdmin orders it (the ordering names the annotation).
        queryset = Submission.objects.annotate(waiting=waiting)
        return self.scope(queryset, request).order_by(*self.get_ordering(request))

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["waiting", "created_at", "pk"]

    @admin.display(description="D-TRO")
    def dtro_link(self, obj: Submission) -> str:
        url = reverse("admin:dtro_app_dtro_change", args=[obj.dtro_id])
        return format_html('<a href="{}">{}</a> {}', url, obj.dtro.reference, obj.dtro.name)

    @admin.display(description="State", ordering="state")
    def state_tag(self, obj: Submission) -> str:
        return obj.state_label

    @admin.display(description="Last error")
    def error_excerpt(self, obj: Submission) -> str:
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    @admin.display(description="Errors from the service")
    def service_errors(self, obj: Submission) -> str:
        if not obj.errors:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (e.get("path", ""), e.get("message", ""))
                    for e in obj.errors
                    if isinstance(e, dict)
                ),
            ),
        )

    @admin.display(description="API calls")
    def api_calls(self, obj: Submission) -> str:
        calls = ApiCall.objects.filter(submission_id=obj.pk).order_by("created_at", "pk")
        if not calls:
            return "None yet"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{} ms</td><td>{}</td>"
            "<td>{}</td></tr>",
            (
                (
                    timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    c.method,
                    c.path,
                    c.status or "-",
                    c.get_outcome_display(),
                    c.duration_ms,
                    c.correlation_id,
                    c.error_excerpt[:200],
                )
                for c in calls
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>Request</th><th>Status</th><th>Outcome</th>"
            "<th>Duration</th><th>Correlation id</th><th>Error</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.action(description="Retry now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        done = 0
        for submission in queryset:
            try:
                outbox.retry_now(submission, user=request.user)
                done += 1
            except outbox.OutboxError as exc:
                self.message_user(request, f"Submission {submission.pk}: {exc}", messages.ERROR)
        if done:
            self.message_user(
                request, f"{done} submission(s) put back in the queue.", messages.SUCCESS
            )

    @admin.action(description="Cancel…")
    def cancel_submissions(
        self, request: HttpRequest, queryset: QuerySet[Submission]
    ) -> HttpResponse | None:
        # An intermediate page asks for the reason; its form posts back to this action.
        form = CancelForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            done = checking = 0
            for submission in queryset:
                try:
                    result = outbox.cancel(
                        submission, user=request.user, reason=form.cleaned_data["reason"]
                    )
                except outbox.OutboxError as exc:
                    self.message_user(request, f"Submission {submission.pk}: {exc}", messages.ERROR)
                    continue
                if result.state == SubmissionState.CANCELLED:
                    done += 1
                else:
                    checking += 1
            if done:
                self.message_user(request, f"{done} submission(s) cancelled.", messages.SUCCESS)
            if checking:
                self.message_user(
                    request,
                    f"{checking} submission(s) may already have reached the D-TRO service: the "
                    "portal is checking with the service and will cancel them only if it does "
                    "not hold them (otherwise they are recorded as published).",
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/dtro_app/submission/cancel.html",
            {
                **self.admin_site.each_context(request),
                "title": "Cancel submissions",
                "opts": self.model._meta,
                "submissions": queryset.select_related("dtro"),
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The Retry/Cancel buttons post to the changelist's actions with this row ticked.
        extra_context = {**(extra_context or {}), "action_checkbox_name": ACTION_CHECKBOX_NAME}
        return super().change_view(request, object_id, form_url, extra_context)


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


# --- the audit log -------------------------------------------------------------------------------


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
        supervised = _supervised_ids(request)
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
    def export_selected(self, request: HttpRequest, queryset: QuerySet[AuditEvent]):  # type: ignore[no-untyped-def]
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


# --- users and roles -----------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    authority = forms.ModelChoiceField(
        label="Traffic regulation authority", queryset=TrafficAuthority.objects.none()
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.OFFICER)

    def __init__(self, *args: Any, authorities: QuerySet[TrafficAuthority], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        if authorities.count() == 1:
            self.fields["authority"].initial = authorities.first()


# Invited: waiting for an invitee with an account to accept, or a new user who has not
# signed in yet. Both look the same, so the list says nothing about other TRAs' users.
_INVITED = Q(awaiting_acceptance=True) | Q(is_active=True, user__last_login__isnull=True)


class MembershipStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("invited", "Invited"), ("active", "Active"), ("deactivated", "Deactivated")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "invited":
            return queryset.filter(_INVITED)
        if self.value() == "active":
            return queryset.filter(is_active=True).exclude(_INVITED)
        if self.value() == "deactivated":
            return queryset.filter(is_active=False).exclude(_INVITED)
        return queryset


@admin.register(Membership)
class MembershipAdmin(TraScopedAdmin):
    allow_add = True
    allow_change = True
    list_display = ["user_email", "authority", "role", "status", "user_is_active", "has_mfa"]
    list_filter = ["role", MembershipStatusFilter, ("authority", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__email"]
    list_select_related = ["user", "authority"]
    fields = ["user_email", "authority", "role", "is_active"]
    readonly_fields = ["user_email", "authority", "status"]
    actions = ["deactivate_memberships", "deactivate_users", "reset_mfa"]

    @admin.display(description="User", ordering="user__email")
    def user_email(self, obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def _invited(obj: Membership) -> bool:
        if getattr(obj, "awaiting_acceptance", None) is None:
            obj.awaiting_acceptance = user_service.is_awaiting_acceptance(obj)  # type: ignore[attr-defined]
        return bool(
            obj.awaiting_acceptance  # type: ignore[attr-defined]
            or (obj.is_active and obj.user.last_login is None)
        )

    @admin.display(description="Status")
    def status(self, obj: Membership) -> str:
        if self._invited(obj):
            return "Invited"
        return "Active" if obj.is_active else "Deactivated"

    @admin.display(description="Can sign in", boolean=True)
    def user_is_active(self, obj: Membership) -> bool | None:
        # Nothing about an invitee's account is shown before they join.
        return None if self._invited(obj) else obj.user.is_active

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        from allauth.mfa.models import Authenticator

        mfa = Authenticator.objects.filter(user_id=OuterRef("user_id"))
        waiting = Invitation.objects.filter(
            membership_id=OuterRef("pk"), accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        return (
            super()
            .get_queryset(request)
            .annotate(user_has_mfa=Exists(mfa), awaiting_acceptance=Exists(waiting))
        )

    @admin.display(description="MFA set up", boolean=True)
    def has_mfa(self, obj: Membership) -> bool | None:
        if self._invited(obj):
            return None
        return bool(getattr(obj, "user_has_mfa", False))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and self._invited(obj):
            # Only the invitee's acceptance makes the membership active.
            return ["user_email", "authority", "role", "status"]
        return [*self.fields, "status"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool):  # type: ignore[no-untyped-def]
        fields = ["role", "is_active"]
        before = _non_secret_fields(Membership, obj.pk, fields)
        if change and user_service.is_awaiting_acceptance(obj):
            obj.is_active = False  # never activated on the invitee's behalf
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if obj.is_active:
                # Staff status only for members who are in: not for a pending invitee.
                user_service.give_supervisors_staff_status(obj.user, obj.role)
            audit.record(
                "membership.changed",
                actor=request.user,
                authority=obj.authority,
                target=obj,
                summary=f"{obj.user.email}'s membership of {obj.authority.name} changed",
                before=before,
                after=_non_secret_fields(Membership, obj.pk, fields),
                ip_address=audit.client_ip(request),
            )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="dtro_app_membership_invite",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None):  # type: ignore[no-untyped-def]
        # People join a TRA by invitation, which also emails them a set-password link.
        return HttpResponseRedirect(reverse("admin:dtro_app_membership_invite"))

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        authorities = TrafficAuthority.objects.filter(pk__in=_supervised_ids(request))
        form = InviteForm(request.POST or None, authorities=authorities)
        if request.method == "POST" and form.is_valid():
            try:
                membership = user_service.invite_user(
                    request,
                    email=form.cleaned_data["email"],
                    authority=form.cleaned_data["authority"],
                    role=form.cleaned_data["role"],
                )
            except user_service.UserManagementError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    user_service.INVITED_MESSAGE.format(
                        email=form.cleaned_data["email"].strip().lower(),
                        authority=membership.authority.name,
                        role=membership.get_role_display().lower(),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:dtro_app_membership_changelist"))
        return TemplateResponse(
            request,
            "admin/dtro_app/membership/invite.html",
            {
                **self.admin_site.each_context(request),
                "title": "Invite a user",
                "opts": self.model._meta,
                "form": form,
            },
        )

    def _each_user(self, request: HttpRequest, queryset: QuerySet[Membership], act: Any, done: str):
        count = 0
        for user in User.objects.filter(pk__in=queryset.values("user_id")):
            try:
                act(request, user)
                count += 1
            except user_service.UserManagementError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Deactivate membership (remove access to this TRA)")
    def deactivate_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "authority"):
            user_service.deactivate_membership(request, membership)
        self.message_user(request, f"{queryset.count()} membership(s) deactivated.")

    @admin.action(description="Deactivate user (stop them signing in)")
    def deactivate_users(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each_user(
            request, queryset, user_service.deactivate_user, "{count} user(s) deactivated."
        )

    @admin.action(description="Reset MFA (they set it up again at next sign-in)")
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each_user(request, queryset, user_service.reset_mfa, "MFA reset for {count} user(s).")


@admin.register(ServiceEndpoint)
class ServiceEndpointAdmin(admin.ModelAdmin):
    """Each D-TRO service environment's budget and circuit: shared by every TRA, so only
    superusers see it (supervisors have the Delivery health page)."""

    list_display = [
        "base_url",
        "circuit_label",
        "consecutive_failures",
        "failing_since",
        "next_probe_at",
        "last_success_at",
        "rate_limit_per_minute",
        "rate_limited_total",
    ]
    fields = ["base_url", "rate_limit_per_minute", *list_display[1:-2], "last_error"]
    readonly_fields = [name for name in fields if name != "rate_limit_per_minute"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
