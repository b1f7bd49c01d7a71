"""A TRA's approval policy: letting officers approve their own temporary orders.

Turning self-approval on takes two people. One supervisor proposes it; a different
supervisor of the same TRA confirms, and only then is it on. Turning it off takes one
(it is the safer direction) and withdraws any waiting proposal. Every step is audited.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dtro_app import audit
from dtro_app.models import ApprovalPolicyChange, Membership, Role, TrafficAuthority
from dtro_app.scoping import signed_in_user


class Outcome(Enum):
    PROPOSED = "proposed"
    STILL_WAITING = "still_waiting"
    CONFIRMED = "confirmed"


def pending_proposal(authority: TrafficAuthority) -> ApprovalPolicyChange | None:
    return (
        ApprovalPolicyChange.objects.select_related("proposed_by")
        .filter(authority=authority, confirmed_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )


def _supervises(user: Any, authority: TrafficAuthority) -> bool:
    return Membership.objects.filter(
        user=user, authority=authority, role=Role.SUPERVISOR, is_active=True
    ).exists()


def ask_to_allow_self_approval(request: HttpRequest, authority: TrafficAuthority) -> Outcome:
    """Propose self-approval, or confirm another supervisor's proposal.

    The caller has checked that the user may change the TRA's policy. Only a supervisor of
    the TRA other than the proposer can confirm.
    """
    actor = signed_in_user(request)
    with transaction.atomic():
        locked = TrafficAuthority.objects.select_for_update().get(pk=authority.pk)
        if locked.allow_self_approval_of_temporary_orders:
            authority.allow_self_approval_of_temporary_orders = True
            return Outcome.CONFIRMED
        pending = pending_proposal(locked)
        if (
            pending is not None
            and pending.proposed_by_id != actor.pk
            and _supervises(actor, locked)
        ):
            pending.confirmed_by = actor
            pending.confirmed_at = timezone.now()
            pending.save(update_fields=["confirmed_by", "confirmed_at"])
            locked.allow_self_approval_of_temporary_orders = True
            locked.save(update_fields=["allow_self_approval_of_temporary_orders"])
            authority.allow_self_approval_of_temporary_orders = True
            proposer = pending.proposed_by.email if pending.proposed_by else "someone"
            audit.record(
                "authority.self_approval_confirmed",
                actor=actor,
                authority=locked,
                target=locked,
                summary=(
                    f"Self-approval of temporary orders turned on for {locked.name}: proposed "
                    f"by {proposer}, confirmed by {actor.email}"
                ),
                before={"allow_self_approval_of_temporary_orders": False},
                after={
                    "allow_self_approval_of_temporary_orders": True,
                    "proposed_by": proposer,
                    "proposal": pending.pk,
                },
                ip_address=audit.client_ip(request),
            )
            return Outcome.CONFIRMED
        if pending is not None:
            return Outcome.STILL_WAITING
        proposal = ApprovalPolicyChange.objects.create(authority=locked, proposed_by=actor)
        audit.record(
            "authority.self_approval_proposed",
            actor=actor,
            authority=locked,
            target=locked,
            summary=(
                f"{actor.email} proposed letting officers of {locked.name} approve their own "
                "temporary orders; another supervisor must confirm"
            ),
            after={"allow_self_approval_of_temporary_orders": True, "proposal": proposal.pk},
            ip_address=audit.client_ip(request),
        )
        return Outcome.PROPOSED


def withdraw_proposals(request: HttpRequest, authority: TrafficAuthority) -> int:
    """Withdraw any waiting proposal (self-approval is being kept or turned off)."""
    count = ApprovalPolicyChange.objects.filter(
        authority=authority, confirmed_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if count:
        audit.record(
            "authority.self_approval_withdrawn",
            actor=request.user,
            authority=authority,
            target=authority,
            summary=f"The proposal to allow self-approval at {authority.name} was withdrawn",
            ip_address=audit.client_ip(request),
        )
    return count
