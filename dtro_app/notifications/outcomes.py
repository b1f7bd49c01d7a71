"""Officers told what became of the order they sent for approval: rejected by a supervisor
(with the reason), published, or refused by the D-TRO service (with its errors).

The officer is whoever sent the revision for approval (else whoever drafted it), while they
can still sign in and still work for the order's TRA.
"""

from __future__ import annotations

from typing import Any

from dtro_app import enqueue
from dtro_app.models import (
    Approval,
    ApprovalDecision,
    ChangeAction,
    Dtro,
    Membership,
    Revision,
    RevisionOrigin,
    Submission,
    SubmissionState,
)
from dtro_app.notifications.sending import (
    person,
    send_after_commit,
    send_to_user,
    site_link,
    uk_time,
)

# The service can list hundreds of errors; the order's page shows them all.
MAX_ERRORS_LISTED = 20


def officer_of(revision: Revision) -> Any | None:
    """Who hears about `revision`: None if they cannot be emailed or left the TRA."""
    officer = revision.sent_for_approval_by or revision.created_by
    if not officer.is_active or not officer.email:
        return None
    works_there = Membership.objects.filter(
        user=officer, authority_id=revision.dtro.authority_id, is_active=True
    ).exists()
    return officer if works_there else None


def _order(dtro: Dtro) -> dict[str, Any]:
    return {
        "name": str(dtro),
        "reference": dtro.reference,
        "link": site_link(dtro.get_absolute_url()),
    }


def _send(
    name: str, revision: Revision, context: dict[str, Any], only: list[int] | None
) -> list[int]:
    officer = officer_of(revision)
    if officer is None or (only is not None and officer.pk not in only):
        return []
    full = {**context, "recipient": officer, "order": _order(revision.dtro)}
    sent = send_to_user(name, officer, full, authority=revision.dtro.authority)
    return [] if sent else [officer.pk]


# --- Rejected by a supervisor --------------------------------------------------------------


def rejection_after_commit(approval_id: int) -> None:
    """Called where a supervisor rejects a revision, inside that transaction."""
    send_after_commit(
        enqueue.NOTIFY_OFFICER_OF_REJECTION,
        approval_id,
        send_now=notify_officer_of_rejection,
        what=f"the rejection of approval {approval_id}",
    )


def notify_officer_of_rejection(approval_id: int, only: list[int] | None = None) -> list[int]:
    """Tell the officer why a supervisor did not approve their revision."""
    approval = (
        Approval.objects.select_related(
            "revision__dtro__authority",
            "revision__sent_for_approval_by",
            "revision__created_by",
            "decided_by",
        )
        .filter(pk=approval_id, decision=ApprovalDecision.REJECTED)
        .first()
    )
    if approval is None:
        return []
    context = {
        "decided_by": person(approval.decided_by),
        "decided_at": uk_time(approval.decided_at),
        "reason": approval.reason,
        "revision_number": approval.revision.number,
    }
    return _send("order_rejected", approval.revision, context, only)


# --- Published, or refused by the D-TRO service --------------------------------------------


def outcome_after_commit(submission_id: int) -> None:
    """Called where a submission settles as succeeded or rejected, inside that transaction."""
    send_after_commit(
        enqueue.NOTIFY_OFFICER_OF_OUTCOME,
        submission_id,
        send_now=notify_officer_of_outcome,
        what=f"the outcome of submission {submission_id}",
    )


def _change_words(revision: Revision, published: bool) -> str:
    """Completes "The D-TRO service has published ..." or "The D-TRO service refused ..."."""
    if revision.action == ChangeAction.DELETE:
        return "has deleted" if published else "to delete"
    if revision.origin == RevisionOrigin.REVOKE:
        return "has published the revocation of" if published else "the revocation of"
    if revision.action == ChangeAction.UPDATE:
        return "has published the amendment to" if published else "the amendment to"
    return "has published" if published else "to publish"


def notify_officer_of_outcome(submission_id: int, only: list[int] | None = None) -> list[int]:
    """Tell the officer their change was published, or refused with the service's reasons."""
    submission = (
        Submission.objects.select_related(
            "dtro__authority", "revision__sent_for_approval_by", "revision__created_by"
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.completed_at is None:
        return []
    revision = submission.revision
    when = uk_time(submission.completed_at)
    if submission.state == SubmissionState.SUCCEEDED:
        context = {
            "published": _change_words(revision, published=True),
            "deleted": revision.action == ChangeAction.DELETE,
            "published_at": when,
            "service_id": submission.service_id or submission.dtro.service_id,
        }
        return _send("order_published", revision, context, only)
    if submission.state == SubmissionState.REJECTED:
        errors = [e for e in submission.errors if isinstance(e, dict) and e.get("message")]
        context = {
            "change": _change_words(revision, published=False),
            "refused_at": when,
            "errors": errors[:MAX_ERRORS_LISTED],
            "more_errors": max(0, len(errors) - MAX_ERRORS_LISTED),
            "reason": submission.last_error or "The service gave no reason.",
        }
        return _send("order_refused", revision, context, only)
    return []
