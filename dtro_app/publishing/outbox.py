"""The outbox: enqueueing, atomic claims, the sweeper, and supervisors' retry and cancel.

The database row is the truth; a broker message only says "look at row N now". Losing
a message delays a row until the sweeper notices; a duplicate message finds the row
already claimed (or not due) and does nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from dtro_app import audit
from dtro_app.client.circuit import credentials_held_back
from dtro_app.enqueue import DELIVER_SUBMISSION, enqueue_quietly
from dtro_app.models import Submission, SubmissionState
from dtro_app.models.status import refresh_status
from dtro_app.models.submissions import SETTLED_STATES
from dtro_app.notifications import notify_supervisors_of_overdue

logger = logging.getLogger(__name__)


class OutboxError(Exception):
    """A supervisor action that cannot happen now; the message is for them."""


# --- enqueueing --------------------------------------------------------------------------


def enqueue(submission_id: int, *, countdown: float = 0) -> None:
    """Send a broker message for the row. Failure to publish is logged, never raised:
    the sweeper will send it again."""
    due = timezone.now() + timedelta(seconds=countdown)
    Submission.objects.filter(pk=submission_id).update(message_due_at=due)
    enqueue_quietly(DELIVER_SUBMISSION, submission_id, countdown=countdown)


def enqueue_on_commit(submission: Submission) -> None:
    submission_id = submission.pk
    transaction.on_commit(lambda: enqueue(submission_id))


# --- claiming ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    submission_id: int
    token: uuid.UUID
    # The row as claimed, with its D-TRO, revision, TRA and credential loaded.
    submission: Submission = field(compare=False, repr=False)
    # Never claimed before, so no attempt of it has been recorded yet.
    first_send: bool = False


def _earlier_unsettled(dtro_id: Any, sequence: Any) -> QuerySet[Submission]:
    """Changes of the D-TRO before `sequence` that have not settled (values or OuterRefs)."""
    return Submission.objects.filter(dtro_id=dtro_id, sequence__lt=sequence).exclude(
        state__in=SETTLED_STATES
    )


def blocked_by_earlier_change() -> Exists:
    return Exists(_earlier_unsettled(OuterRef("dtro_id"), OuterRef("sequence")))


def _waits_for_earlier_change(submission: Submission) -> bool:
    if submission.sequence <= 1:
        return False  # a D-TRO's first change has nothing before it
    return _earlier_unsettled(submission.dtro_id, submission.sequence).exists()


def claim(submission_id: int, *, now: datetime | None = None) -> Claim | None:
    """Take the row for one delivery run, or return None if it is not ours to send now.

    A row is claimable when it is due, or when a previous claim has lapsed (its worker
    died; what it sent may have arrived, so the row is marked for reconciliation), and no
    earlier change of the same D-TRO is still unsettled. Settled is final, so once the
    earlier changes are seen settled they stay so. The claim itself is one conditional
    UPDATE that matches only while the row is as it was read (same state, attempt count
    and claim token, still due or lapsed): of two workers, the second matches nothing.
    """
    now = now or timezone.now()
    try:
        submission = Submission.objects.select_related(
            "dtro", "revision", "authority", "credential"
        ).get(pk=submission_id)
    except Submission.DoesNotExist:
        return None
    if submission.state == SubmissionState.SENDING:
        lapsed = submission.lease_expires_at is not None and submission.lease_expires_at < now
        still_claimable = Q(lease_expires_at__lt=now)
        if not lapsed:
            return None
    elif submission.state in (SubmissionState.QUEUED, SubmissionState.RETRY_WAIT):
        lapsed = False
        still_claimable = Q(next_attempt_at__lte=now)
        if submission.next_attempt_at is None or submission.next_attempt_at > now:
            return None
    else:
        return None
    if _waits_for_earlier_change(submission):
        return None
    token = uuid.uuid4()
    first_send = submission.first_sent_at is None
    claimed = {
        "state": SubmissionState.SENDING,
        "claim_token": token,
        "lease_expires_at": now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS),
        "attempts": submission.attempts + 1,
        "first_sent_at": submission.first_sent_at or now,
        "needs_reconciliation": submission.needs_reconciliation or lapsed,
        "updated_at": now,
    }
    won = Submission.objects.filter(
        still_claimable,
        pk=submission_id,
        state=submission.state,
        attempts=submission.attempts,
        claim_token=submission.claim_token,
    ).update(**claimed)
    if not won:
        return None
    for name, value in claimed.items():
        setattr(submission, name, value)
    return Claim(submission_id, token, submission, first_send)


def finish(claim: Claim, **fields: Any) -> bool:
    """Write the outcome of a run, but only if the claim is still ours."""
    fields.setdefault("updated_at", timezone.now())
    fields.setdefault("claim_token", None)
    fields.setdefault("lease_expires_at", None)
    updated = Submission.objects.filter(
        pk=claim.submission_id, claim_token=claim.token, state=SubmissionState.SENDING
    ).update(**fields)
    if not updated:
        logger.warning("Lost the claim on submission %s before finishing", claim.submission_id)
    return bool(updated)


def plan_requests(submission: Submission, requests: int) -> None:
    """What the runner now plans to send (the estimate sums it): written only if it differs
    from what was planned at approval, whoever holds the claim."""
    if submission.planned_requests != requests:
        Submission.objects.filter(pk=submission.pk).update(planned_requests=requests)
        submission.planned_requests = requests


def release(claim: Claim, *, wait: float) -> bool:
    """Give the row back untouched by this run: nothing was sent (our own budget was booked
    ahead, or the service's circuit is open), so the claim does not count as an attempt."""
    fields: dict[str, Any] = {
        "state": SubmissionState.QUEUED if claim.first_send else SubmissionState.RETRY_WAIT,
        "attempts": F("attempts") - 1,
        "next_attempt_at": timezone.now() + timedelta(seconds=wait),
    }
    if claim.first_send:
        fields["first_sent_at"] = None
    return finish(claim, **fields)


def hold(claim: Claim, *, until: datetime, reason: str) -> bool:
    """Give the row back unsent until `until`: the service would refuse it before then.

    Not an attempt; the age limit counts from `until`, since waiting was the plan."""
    return finish(
        claim,
        state=SubmissionState.QUEUED if claim.first_send else SubmissionState.RETRY_WAIT,
        attempts=F("attempts") - 1,
        next_attempt_at=until,
        window_started_at=until,
        last_error=reason[:2000],
        **({"first_sent_at": None} if claim.first_send else {}),
    )


def next_in_line(dtro_id: int) -> Submission | None:
    """The earliest unsettled change of a D-TRO (the only one that may be sent)."""
    return (
        Submission.objects.filter(dtro_id=dtro_id)
        .exclude(state__in=SETTLED_STATES)
        .order_by("sequence")
        .first()
    )


# --- the sweeper ---------------------------------------------------------------------------


def sweep(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Enqueue rows that are due but whose message is missing, and rows whose claim lapsed.

    Rows for an environment whose circuit is open are left alone: the probe drains them
    when the service answers. Returns the ids enqueued. Safe to run anywhere, any number
    of times.
    """
    now = now or timezone.now()
    stale_message = now - timedelta(seconds=settings.DELIVERY_REENQUEUE_AFTER_SECONDS)
    # Changes of a batch are fed a slice at a time by `batch_feed` (fairness), not here.
    due_without_message = Q(
        state__in=(SubmissionState.QUEUED, SubmissionState.RETRY_WAIT),
        next_attempt_at__lte=now,
        batch__isnull=True,
    ) & (Q(message_due_at__isnull=True) | Q(message_due_at__lt=stale_message))
    lapsed = Q(state=SubmissionState.SENDING, lease_expires_at__lt=now)
    ids = list(
        Submission.objects.filter(due_without_message | lapsed)
        .exclude(credential_id__in=credentials_held_back())
        .exclude(blocked_by_earlier_change())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for submission_id in ids:
        enqueue(submission_id)
    if ids:
        logger.info("Sweeper enqueued %d submission(s)", len(ids))
    return ids


def fail_overdue(*, now: datetime | None = None) -> list[int]:
    """Fail waiting changes past the age limit (DELIVERY_MAX_AGE_SECONDS): the only way time
    alone fails a change, however long the service has been away. Each TRA's supervisors get
    one email for the changes failed together."""

    now = now or timezone.now()
    oldest_allowed = now - timedelta(seconds=settings.DELIVERY_MAX_AGE_SECONDS)
    overdue = Submission.objects.filter(
        state__in=(SubmissionState.QUEUED, SubmissionState.RETRY_WAIT),
        window_started_at__lt=oldest_allowed,
    ).select_related("dtro", "authority")
    failed: list[int] = []
    by_authority: dict[int, list[int]] = {}
    for submission in overdue:
        with transaction.atomic():
            changed = Submission.objects.filter(
                pk=submission.pk, state=submission.state, attempts=submission.attempts
            ).update(
                state=SubmissionState.FAILED,
                completed_at=now,
                updated_at=now,
                last_error="Not delivered within the age limit; a supervisor can retry it.",
            )
            if not changed:
                continue
            refresh_status(submission.dtro)
            audit.record(
                "submission.failed",
                authority=submission.authority,
                target=submission,
                summary=f"{submission} failed: older than the age limit",
            )
        failed.append(submission.pk)
        by_authority.setdefault(submission.authority_id, []).append(submission.pk)
    for authority_id, submission_ids in by_authority.items():
        notify_supervisors_of_overdue(authority_id, submission_ids)
    return failed


# --- supervisors' actions -------------------------------------------------------------------


def _supervisor_transition(
    submission: Submission, *, user: Any, action: str, summary: str, **fields: Any
) -> Submission:
    """Apply a supervisor's change of state to a locked row, refresh the D-TRO, audit it."""
    before = submission.state
    Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now(), **fields)
    submission.refresh_from_db()
    refresh_status(submission.dtro)
    audit.record(
        action,
        actor=user,
        authority=submission.authority,
        target=submission,
        summary=summary,
        before={"state": before},
        after={"state": submission.state},
    )
    return submission


def _refuse_unless(submission: Submission, allowed: bool, verb: str) -> None:
    if not allowed:
        raise OutboxError(
            f"A submission that is {submission.state_label.lower()} cannot be {verb}."
        )


@transaction.atomic
def retry_now(submission: Submission, *, user: Any) -> Submission:
    """Put a failed (or waiting) submission back in the queue with a fresh retry window."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _refuse_unless(submission, submission.can_retry, "retried")
    now = timezone.now()
    submission = _supervisor_transition(
        submission,
        user=user,
        action="submission.retried",
        summary=f"{submission} put back in the queue",
        state=SubmissionState.QUEUED,
        attempts=0,
        window_started_at=now,
        next_attempt_at=now,
        completed_at=None,
    )
    enqueue_on_commit(submission)
    return submission


@transaction.atomic
def cancel(submission: Submission, *, user: Any, reason: str) -> Submission:
    """Stop a submission that has not been published. Nothing more is sent for it.

    If its last send may have reached the service (no answer came), cancelling now could
    leave a record at the service that the portal does not know: the cancel is then
    requested instead, and the next run only asks the service. It cancels the change if
    the service does not hold it, or records it as published if it does.
    """
    reason = reason.strip()
    if not reason:
        raise OutboxError("Give a reason for cancelling this submission.")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    now = timezone.now()
    in_flight = submission.state == SubmissionState.SENDING and (
        submission.lease_expires_at is None or submission.lease_expires_at >= now
    )
    if in_flight:
        raise OutboxError("This submission is being sent right now; try again in a minute.")
    _refuse_unless(submission, submission.can_cancel, "cancelled")
    if submission.cancel_requested_at is not None:
        raise OutboxError(
            "Cancelling is already requested: the portal is checking with the D-TRO service."
        )
    if submission.needs_reconciliation:
        return _request_cancel(submission, user=user, reason=reason, now=now)
    submission = _supervisor_transition(
        submission,
        user=user,
        action="submission.cancelled",
        summary=f"{submission} cancelled: {reason}",
        state=SubmissionState.CANCELLED,
        cancelled_by=user,
        cancel_reason=reason,
        completed_at=now,
        claim_token=None,
        lease_expires_at=None,
    )
    # The next change of the same D-TRO may now go.
    following = next_in_line(submission.dtro_id)
    if following is not None:
        enqueue_on_commit(following)
    return submission


def _request_cancel(submission: Submission, *, user: Any, reason: str, now: datetime) -> Submission:
    submission = _supervisor_transition(
        submission,
        user=user,
        action="submission.cancel_requested",
        summary=(
            f"{submission}: cancel requested ({reason}); its last send may have reached the "
            "D-TRO service, so the portal checks there first"
        ),
        state=SubmissionState.RETRY_WAIT,
        cancelled_by=user,
        cancel_reason=reason,
        cancel_requested_at=now,
        next_attempt_at=now,
        window_started_at=now,
        completed_at=None,
        claim_token=None,
        lease_expires_at=None,
    )
    enqueue_on_commit(submission)
    return submission
