"""Four-eyes approval: a supervisor of the same TRA decides on each revision.

Approving writes the outbox `Submission` in the same transaction, and the delivery task
is enqueued only once that transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from dtro_app import audit
from dtro_app.models import (
    ApiCredential,
    Approval,
    ApprovalDecision,
    DeliveryBatch,
    Revision,
    RevisionState,
    Submission,
    TrafficAuthority,
)
from dtro_app.models.status import refresh_status
from dtro_app.notifications import outcomes
from dtro_app.publishing import planned_requests
from dtro_app.publishing.outbox import enqueue_on_commit
from dtro_validation.document_parts import provisions_of


class ApprovalError(Exception):
    """An approval that is not allowed; the message is for the supervisor."""


def is_temporary_order(document: Any) -> bool:
    """A TTRO/TTMO: every provision reports a `ttroTtmo…` point."""
    provisions = provisions_of(document)
    if not provisions:
        return False
    return all(
        isinstance(p, dict) and str(p.get("orderReportingPoint", "")).startswith("ttroTtmo")
        for p in provisions
    )


def own_revision(user: Any, revision: Revision) -> bool:
    return user.pk in {revision.created_by_id, revision.sent_for_approval_by_id}


def decision_refusal(user: Any, revision: Revision, verb: str = "approve") -> str | None:
    """Why `user` may not decide on `revision` at all, or None if they may."""
    if revision.state != RevisionState.AWAITING_APPROVAL:
        return "This revision is not awaiting approval."
    authority = revision.dtro.authority
    if not TrafficAuthority.objects.supervised_by(user).filter(pk=authority.pk).exists():
        return f"Only a supervisor of {authority.name} can {verb} this D-TRO."
    return None


def approval_refusal(user: Any, revision: Revision) -> str | None:
    """Why `user` may not approve `revision`, or None if they may (nobody approves their own,
    except a temporary order where the TRA allows it)."""
    if refusal := decision_refusal(user, revision):
        return refusal
    return own_order_refusal(user, revision)


def own_order_refusal(user: Any, revision: Revision) -> str | None:
    """Four eyes: why `user` may not approve their own `revision`, or None if it is not
    theirs (or is a temporary order their TRA lets officers approve themselves)."""
    authority = revision.dtro.authority
    if own_revision(user, revision) and not (
        authority.allow_self_approval_of_temporary_orders and is_temporary_order(revision.document)
    ):
        return "You cannot approve a D-TRO you drafted or sent for approval yourself."
    return None


def _locked_revision(revision: Revision) -> Revision:
    return (
        Revision.objects.select_for_update().select_related("dtro__authority").get(pk=revision.pk)
    )


@transaction.atomic
def approve(
    revision: Revision, *, user: Any, reason: str = "", batch: DeliveryBatch | None = None
) -> Submission:
    """Approve one revision and queue its change. With `batch`, the change belongs to that
    batch and is not messaged now: the outbox feeds batches behind single changes."""

    revision = _locked_revision(revision)
    refusal = approval_refusal(user, revision)
    if refusal:
        raise ApprovalError(refusal)
    dtro = revision.dtro
    self_approved = own_revision(user, revision)
    Approval.objects.create(
        revision=revision,
        decision=ApprovalDecision.APPROVED,
        decided_by=user,
        reason=reason,
        self_approved=self_approved,
    )
    revision.state = RevisionState.APPROVED
    revision.save(update_fields=["state"])
    last = dtro.submissions.aggregate(last=Max("sequence"))["last"] or 0
    submission = Submission(
        authority=dtro.authority,
        dtro=dtro,
        revision=revision,
        action=revision.action,
        sequence=last + 1,
        credential=ApiCredential.objects.publishing_for(dtro.authority_id),
        batch=batch,
    )
    submission.planned_requests = planned_requests.at_approval(submission)
    submission.save(force_insert=True)
    refresh_status(dtro)
    audit.record(
        "approval.self_approved" if self_approved else "approval.approved",
        actor=user,
        authority=dtro.authority,
        target=revision,
        summary=(
            f"{dtro.reference} revision {revision.number} approved"
            + (" by its own author (temporary order, allowed by the TRA)" if self_approved else "")
        ),
        after={"submission": submission.pk, "action": submission.action},
    )
    if batch is None:
        enqueue_on_commit(submission)
    return submission


@transaction.atomic
def reject(revision: Revision, *, user: Any, reason: str) -> Approval:
    reason = reason.strip()
    if not reason:
        raise ApprovalError("Say why you are rejecting this D-TRO, so the officer can fix it.")
    revision = _locked_revision(revision)
    if refusal := decision_refusal(user, revision, "reject"):
        raise ApprovalError(refusal)
    approval = Approval.objects.create(
        revision=revision, decision=ApprovalDecision.REJECTED, decided_by=user, reason=reason
    )
    revision.state = RevisionState.REJECTED
    revision.save(update_fields=["state"])
    dtro = revision.dtro
    refresh_status(dtro)
    audit.record(
        "approval.rejected",
        actor=user,
        authority=dtro.authority,
        target=revision,
        summary=f"{dtro.reference} revision {revision.number} rejected: {reason}",
    )
    outcomes.rejection_after_commit(approval.pk)
    return approval
