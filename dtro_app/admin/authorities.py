"""Traffic regulation authorities and who belongs to them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from dtro_app import audit
from dtro_app.admin.base import FieldGroups, TraScopedAdmin, non_secret_fields
from dtro_app.approvals import policy as approval_policy
from dtro_app.models import (
    Membership,
    TrafficAuthority,
)

# What a TRA is: shown on its page and compared for the audit of a change.
AUTHORITY_FIELDS = ["code", "name", "allow_self_approval_of_temporary_orders", "logo"]


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
    fields = list(AUTHORITY_FIELDS)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[type]:
        # Supervisors manage people through Memberships (scoped); the user picker here
        # would list every user of the portal.
        return [MembershipInline] if request.user.is_superuser else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> FieldGroups:
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

    def save_model(
        self, request: HttpRequest, obj: TrafficAuthority, form: Any, change: bool
    ) -> None:
        before = non_secret_fields(TrafficAuthority, obj.pk, AUTHORITY_FIELDS)
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
        after = non_secret_fields(TrafficAuthority, obj.pk, AUTHORITY_FIELDS)
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
