"""The delivery queue: submissions, their attempts, retry and cancel; service endpoints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from dtro_app.admin.base import ReadOnlyInline, TraScopedAdmin
from dtro_app.models import (
    ServiceEndpoint,
    Submission,
    SubmissionAttempt,
    SubmissionState,
)
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.publishing import outbox
from outbound.models import OutboundCall


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
        return flatten(self.fields)


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
    readonly_fields = flatten(fields)
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
        calls = OutboundCall.objects.filter(submission_id=obj.pk).order_by("created_at", "pk")
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
                    c.outcome_label,
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


# An endpoint's circuit as the runner keeps it: listed, and shown read-only on its page.
ENDPOINT_CIRCUIT_FIELDS = [
    "circuit_label",
    "consecutive_failures",
    "failing_since",
    "next_probe_at",
    "last_success_at",
]


@admin.register(ServiceEndpoint)
class ServiceEndpointAdmin(admin.ModelAdmin):
    """Each D-TRO service environment's budget and circuit: shared by every TRA, so only
    superusers see it (supervisors have the Delivery health page)."""

    list_display = [
        "base_url",
        *ENDPOINT_CIRCUIT_FIELDS,
        "rate_limit_per_minute",
        "rate_limited_total",
    ]
    fields = ["base_url", "rate_limit_per_minute", *ENDPOINT_CIRCUIT_FIELDS, "last_error"]
    # Only the budget is set by hand; the circuit is the runner's.
    readonly_fields = ["base_url", *ENDPOINT_CIRCUIT_FIELDS, "last_error"]

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
