"""The one place that decides what state a D-TRO is in, from its revisions and submissions.

The facts are read in two small queries, the decision is a pure function of them, and
`refresh_status` is the only writer of `Dtro.status`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dtro_app.models import (
    ChangeAction,
    Dtro,
    DtroStatus,
    Revision,
    RevisionState,
    Submission,
    SubmissionState,
)
from dtro_app.models.submissions import PENDING_STATES

# Keyed by plain strings too: the facts carry the revision's state as read from the row.
_UNPUBLISHED_REVISION_STATUS: dict[str, DtroStatus] = {
    RevisionState.DRAFT: DtroStatus.DRAFT,
    RevisionState.AWAITING_APPROVAL: DtroStatus.AWAITING_APPROVAL,
    RevisionState.REJECTED: DtroStatus.REJECTED,
}


@dataclass(frozen=True)
class StatusFacts:
    has_service_id: bool
    latest_revision_state: str | None
    in_delivery: bool
    last_submission_state: str | None
    last_submission_action: str | None

    @property
    def status(self) -> str:
        by_revision = _UNPUBLISHED_REVISION_STATUS.get(self.latest_revision_state or "")
        if by_revision is not None:
            return by_revision
        if self.in_delivery:
            return DtroStatus.IN_DELIVERY
        if self.last_submission_state == SubmissionState.REJECTED:
            return DtroStatus.REJECTED
        if self.last_submission_state == SubmissionState.FAILED:
            return DtroStatus.FAILED
        if (
            self.last_submission_state == SubmissionState.SUCCEEDED
            and self.last_submission_action == ChangeAction.DELETE
        ):
            return DtroStatus.DELETED
        return DtroStatus.PUBLISHED if self.has_service_id else DtroStatus.DRAFT


def facts_of(dtro: Dtro) -> StatusFacts:
    """Two small indexed reads (cheaper to build and to plan than one query of subqueries:
    this runs at the end of every delivery). `service_id` is taken from the instance."""
    latest_revision_state = (
        Revision.objects.filter(dtro_id=dtro.pk)
        .order_by("-number")
        .values_list("state", flat=True)
        .first()
    )
    changes = list(
        Submission.objects.filter(dtro_id=dtro.pk)
        .order_by("-sequence")
        .values_list("state", "action")
    )
    not_cancelled = [change for change in changes if change[0] != SubmissionState.CANCELLED]
    last_state, last_action = not_cancelled[0] if not_cancelled else (None, None)
    return StatusFacts(
        has_service_id=dtro.service_id is not None,
        latest_revision_state=latest_revision_state,
        in_delivery=any(state in PENDING_STATES for state, _ in changes),
        last_submission_state=last_state,
        last_submission_action=last_action,
    )


def refresh_status(dtro: Dtro, **changes: Any) -> StatusFacts:
    """Store the D-TRO's status, in one UPDATE with any other `changes` to its fields.

    The facts are read before `changes` are written, so a change to `service_id` is taken
    into account here rather than read back.
    """
    facts = facts_of(dtro)
    if "service_id" in changes:
        facts = replace(facts, has_service_id=changes["service_id"] is not None)
    if facts.status != dtro.status:
        changes["status"] = facts.status
    if changes:
        Dtro.objects.filter(pk=dtro.pk).update(**changes)
        for name, value in changes.items():
            setattr(dtro, name, value)
    return facts
