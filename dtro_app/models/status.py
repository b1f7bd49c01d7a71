"""The one place that decides what state a D-TRO is in, from its revisions and submissions.

The facts are read in two small queries, the decision is a pure function of them, and
`refresh_status` is the only writer of `Dtro.status`.

What the published version says of itself (revoked in whole or in part, when it ends) is read
from its document once, when it is published, and kept on the D-TRO (`revocation`,
`ends_at`). Whether it has ended depends on the time as well: `expire_ended_orders` (run by
Celery beat every minute) refreshes the orders whose end has passed since, through the
indexed `ends_at`, so the stored state is never more than a minute behind the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtro_app.models import (
    ChangeAction,
    Dtro,
    DtroStatus,
    Revision,
    RevisionState,
    Submission,
    SubmissionState,
)
from dtro_app.models.lifespan import FULL, PARTIAL, ends_at, revocation_of
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
    # What the published version says of itself (models.lifespan), and the time it is now.
    revocation: str = ""
    ends_at: datetime | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def has_ended(self) -> bool:
        return self.ends_at is not None and self.ends_at <= self.now

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
        if not self.has_service_id:
            return DtroStatus.DRAFT
        if self.revocation == FULL:
            return DtroStatus.REVOKED
        # Nothing left in force: an order whose remaining provisions ended has expired.
        if self.has_ended:
            return DtroStatus.EXPIRED
        if self.revocation == PARTIAL:
            return DtroStatus.PARTLY_REVOKED
        return DtroStatus.PUBLISHED


def facts_of(dtro: Dtro, now: datetime | None = None) -> StatusFacts:
    """Two small indexed reads (cheaper to build and to plan than one query of subqueries:
    this runs at the end of every delivery). `service_id`, `revocation` and `ends_at` are
    taken from the instance."""
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
        revocation=dtro.revocation,
        ends_at=dtro.ends_at,
        now=now or timezone.now(),
    )


def _published_facts(revision: Revision | None) -> dict[str, Any]:
    """The newly published version's own facts; a deletion keeps the last published ones."""
    if revision is None:
        return {"revocation": "", "ends_at": None}
    if revision.action == ChangeAction.DELETE:
        return {}
    return {"revocation": revocation_of(revision.document), "ends_at": ends_at(revision.document)}


def refresh_status(dtro: Dtro, **changes: Any) -> StatusFacts:
    """Store the D-TRO's status, in one UPDATE with any other `changes` to its fields.

    The facts are read before `changes` are written, so a change to `service_id` is taken
    into account here rather than read back; so is a newly published revision, whose
    revocation and end are read from its document and stored with it.
    """
    facts = facts_of(dtro)
    if "service_id" in changes:
        facts = replace(facts, has_service_id=changes["service_id"] is not None)
    if "published_revision" in changes:
        changes.update(_published_facts(changes["published_revision"]))
        facts = replace(
            facts,
            revocation=changes.get("revocation", facts.revocation),
            ends_at=changes.get("ends_at", facts.ends_at),
        )
    if facts.status != dtro.status:
        changes["status"] = facts.status
    if changes:
        Dtro.objects.filter(pk=dtro.pk).update(**changes)
        for name, value in changes.items():
            setattr(dtro, name, value)
    return facts


def expire_ended_orders(now: datetime | None = None, *, batch: int = 500) -> int:
    """Refresh the state of orders in force whose end has passed; how many changed.

    Each row is locked while it is refreshed, so a delivery settling the same D-TRO at the
    same moment writes its state before or after, never from facts read around ours.
    """
    now = now or timezone.now()
    due = list(
        Dtro.objects.filter(
            status__in=[DtroStatus.PUBLISHED, DtroStatus.PARTLY_REVOKED], ends_at__lte=now
        )
        .order_by("ends_at")
        .values_list("pk", flat=True)[:batch]
    )
    changed = 0
    for pk in due:
        with transaction.atomic():
            dtro = Dtro.objects.select_for_update().filter(pk=pk).first()
            if dtro is None:
                continue
            before = dtro.status
            refresh_status(dtro)
            changed += dtro.status != before
    return changed
