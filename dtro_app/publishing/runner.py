"""One delivery run: claim a submission, send it (or find it already applied), record why.

Idempotent by construction: a run that cannot claim the row does nothing, and a row
whose earlier send may have landed is reconciled before anything is sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dtro_app import audit
from dtro_app.client import DtroClient
from dtro_app.client.errors import (
    ApiError,
    CircuitOpen,
    NotSent,
    PermanentError,
    RateLimited,
    TooLargeToRead,
    TransientError,
    UnknownOutcomeError,
)
from dtro_app.models import (
    ApiCredential,
    AttemptOutcome,
    ChangeAction,
    Submission,
    SubmissionAttempt,
    SubmissionState,
)
from dtro_app.models.status import StatusFacts, refresh_status
from dtro_app.notifications import notify_supervisors_of_failure, outcomes
from dtro_app.publishing import outbox, policy, reconcile, sending

logger = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What the task should do next: run this row again after `retry_in` seconds,
    and/or enqueue the D-TRO's next change."""

    state: str | None = None
    retry_in: float | None = None
    enqueue_next: list[int] = field(default_factory=list)


def deliver(submission_id: int) -> RunResult:
    claim = outbox.claim(submission_id)
    if claim is None:
        return RunResult()
    submission = claim.submission
    now = timezone.now()
    recorded = 0 if claim.first_send else submission.history.count()
    if submission.needs_reconciliation and recorded < submission.attempts - 1:
        # A run in this window died before it could record anything (its claim lapsed).
        abandoned = _new_attempt(
            submission, number=recorded + 1, started_at=submission.first_sent_at or now
        )
        _close_attempt(
            abandoned,
            AttemptOutcome.ABANDONED,
            "The worker stopped before recording an outcome; checked with the service.",
        )
        recorded += 1
    if submission.cancel_requested_at is None and submission.action != ChangeAction.DELETE:
        day = policy.not_before(submission.revision.document, today=now.astimezone(UTC).date())
        if day is not None:
            outbox.hold(claim, until=policy.start_of(day), reason=held_reason(day))
            return RunResult()  # the sweeper enqueues it when it is due
    # Written once, with its outcome, when the run ends; it records what it sends.
    attempt = _new_attempt(submission, number=recorded + 1, started_at=now)

    credential = submission.credential or ApiCredential.objects.publishing_for(
        submission.authority_id
    )
    if credential is None:
        return _fail(
            claim,
            submission,
            attempt,
            "No active API credential for this TRA. A supervisor must add one, then retry.",
        )
    if submission.credential_id is None:
        Submission.objects.filter(pk=submission.pk).update(credential=credential)

    client = DtroClient(
        credential,
        submission_id=submission.pk,
        timeout=(settings.DELIVERY_CONNECT_TIMEOUT_SECONDS, settings.DELIVERY_READ_TIMEOUT_SECONDS),
    )
    try:
        if submission.cancel_requested_at is not None:
            applied = sending.check_before_cancel(client, submission)
        else:
            applied = sending.apply(client, submission, first_send=claim.first_send)
    except NotSent as held:
        # Nothing left the portal: not an attempt. While the circuit is open the probe
        # drains the row; after a budget refusal it comes back when a slot is likely free.
        outbox.release(claim, wait=held.retry_after or 1.0)
        if isinstance(held, CircuitOpen):
            return RunResult()
        return RunResult(retry_in=held.retry_after or 1.0)
    except sending.Cancelled:
        return _cancel_after_check(claim, submission, attempt)
    except sending.Rejected as rejection:
        return _reject(claim, submission, attempt, rejection)
    except TooLargeToRead as error:
        # Not the change's fault: a person checks the service, then retries or cancels.
        return _fail(claim, submission, attempt, error.message, may_have_landed=True)
    except PermanentError as error:
        issues = [issue.to_dict() for issue in error.issues]
        return _reject(
            claim, submission, attempt, sending.Rejected(error.message, issues or None), error
        )
    except UnknownOutcomeError as error:
        return _retry(claim, submission, attempt, error, unknown=True)
    except (TransientError, ApiError) as error:
        return _retry(claim, submission, attempt, error, unknown=False)
    except Exception as error:
        # Our own side broke mid-run (cache, network, a bug): what was sent may have
        # landed, so treat it as an unknown outcome rather than leave the row claimed.
        logger.exception("Delivery run for submission %s failed unexpectedly", submission_id)
        unexpected = UnknownOutcomeError(f"Unexpected error in the portal: {error!r}"[:500])
        return _retry(claim, submission, attempt, unexpected, unknown=True)
    return _succeed(claim, submission, attempt, applied)


def held_reason(day: date) -> str:
    return (
        f"Held until {day:%-d %B %Y}: the D-TRO service accepts an order only from the day it "
        "comes into force."
    )


def _after_settling(submission: Submission, facts: StatusFacts) -> list[int]:
    """The D-TRO's next change to enqueue now that this one has settled.

    Later changes cannot have been claimed while this one was unsettled, so they are all
    still pending: when the D-TRO has none, there is nothing to look up.
    """
    if not facts.in_delivery:
        return []
    following = outbox.next_in_line(submission.dtro_id)
    return [following.pk] if following else []


def _new_attempt(submission: Submission, *, number: int, started_at: Any) -> SubmissionAttempt:
    """An attempt that records what a send of this submission carries (deletes carry none)."""
    envelope = submission.revision.document
    sends_payload = submission.action != ChangeAction.DELETE
    return SubmissionAttempt(
        submission=submission,
        number=number,
        started_at=started_at,
        payload_hash=reconcile.payload_hash(envelope) if sends_payload else "",
        sent_name=reconcile.sent_name(envelope) if sends_payload else "",
    )


def _close_attempt(attempt: SubmissionAttempt, outcome: str, message: str, **extra: Any) -> None:
    attempt.finished_at = timezone.now()
    attempt.outcome = outcome
    attempt.message = message[:2000]
    for name, value in extra.items():
        setattr(attempt, name, value)
    attempt.save(force_insert=True)


def _succeed(
    claim: outbox.Claim,
    submission: Submission,
    attempt: SubmissionAttempt,
    applied: sending.Applied,
) -> RunResult:
    now = timezone.now()
    with transaction.atomic():
        if not outbox.finish(
            claim,
            state=SubmissionState.SUCCEEDED,
            service_id=applied.service_id,
            completed_at=now,
            needs_reconciliation=False,
            last_error="",
            errors=[],
        ):
            return RunResult()
        published: dict[str, Any] = {"published_revision": submission.revision, "updated_at": now}
        if submission.action != ChangeAction.DELETE:
            published.update(service_id=applied.service_id, published_at=now)
        if applied.provision_ids is not None:
            published["provision_ids"] = applied.provision_ids
        facts = refresh_status(submission.dtro, **published)
        _close_attempt(
            attempt,
            AttemptOutcome.ADOPTED if applied.adopted else AttemptOutcome.SUCCEEDED,
            applied.message or "Accepted by the D-TRO service",
        )
        audit.record(
            audit.PUBLISHED[submission.action],
            authority=submission.authority,
            target=submission,
            summary=f"{submission} published as {applied.service_id}"
            + (f" ({applied.message})" if applied.adopted else ""),
            after={"service_id": str(applied.service_id), "adopted": applied.adopted},
        )
        outcomes.outcome_after_commit(submission.pk)
    return RunResult(
        state=SubmissionState.SUCCEEDED, enqueue_next=_after_settling(submission, facts)
    )


def _reject(
    claim: outbox.Claim,
    submission: Submission,
    attempt: SubmissionAttempt,
    rejection: sending.Rejected,
    error: ApiError | None = None,
) -> RunResult:
    with transaction.atomic():
        if not outbox.finish(
            claim,
            state=SubmissionState.REJECTED,
            completed_at=timezone.now(),
            last_error=rejection.message[:2000],
            errors=rejection.issues,
        ):
            return RunResult()
        facts = refresh_status(submission.dtro)
        _close_attempt(
            attempt,
            AttemptOutcome.REJECTED,
            rejection.message,
            http_status=error.status if error else None,
            correlation_id=(error.correlation_id or "") if error else "",
        )
        audit.record(
            "submission.rejected",
            authority=submission.authority,
            target=submission,
            summary=f"{submission} rejected by the service: {rejection.message}",
            after={"errors": rejection.issues[:20]},
        )
        outcomes.outcome_after_commit(submission.pk)
    # A rejected change settles; the D-TRO's next change (if any) may go.
    return RunResult(
        state=SubmissionState.REJECTED, enqueue_next=_after_settling(submission, facts)
    )


def _cancel_after_check(
    claim: outbox.Claim, submission: Submission, attempt: SubmissionAttempt
) -> RunResult:
    now = timezone.now()
    with transaction.atomic():
        if not outbox.finish(
            claim, state=SubmissionState.CANCELLED, completed_at=now, needs_reconciliation=False
        ):
            return RunResult()
        facts = refresh_status(submission.dtro)
        attempt.payload_hash = attempt.sent_name = ""  # only asked; sent nothing
        _close_attempt(
            attempt,
            AttemptOutcome.CANCELLED,
            "Checked with the D-TRO service: it does not hold this change, so it is cancelled.",
        )
        audit.record(
            "submission.cancelled",
            actor=submission.cancelled_by,
            authority=submission.authority,
            target=submission,
            summary=f"{submission} cancelled after checking the service: "
            f"{submission.cancel_reason}",
            after={"state": SubmissionState.CANCELLED},
        )
    return RunResult(
        state=SubmissionState.CANCELLED, enqueue_next=_after_settling(submission, facts)
    )


def _retry(
    claim: outbox.Claim,
    submission: Submission,
    attempt: SubmissionAttempt,
    error: ApiError,
    *,
    unknown: bool,
) -> RunResult:
    now = timezone.now()
    attempts = submission.attempts
    if policy.too_old(submission.window_started_at, now):
        return _fail(
            claim,
            submission,
            attempt,
            f"Not delivered within the age limit ({attempts} attempts): {error}",
            may_have_landed=unknown,
        )
    wait = policy.backoff_seconds(attempts, retry_after=error.retry_after)
    retry_at = now + timedelta(seconds=wait)
    outcome = (
        AttemptOutcome.UNKNOWN
        if unknown
        else AttemptOutcome.RATE_LIMITED
        if isinstance(error, RateLimited)
        else AttemptOutcome.TRANSIENT
    )
    fields: dict[str, Any] = {
        "state": SubmissionState.RETRY_WAIT,
        "next_attempt_at": retry_at,
        "last_error": str(error)[:2000],
    }
    if unknown:
        fields["needs_reconciliation"] = True
    with transaction.atomic():
        if not outbox.finish(claim, **fields):
            return RunResult()
        _close_attempt(
            attempt,
            outcome,
            str(error),
            http_status=error.status,
            correlation_id=error.correlation_id or "",
            retry_at=retry_at,
        )
    return RunResult(state=SubmissionState.RETRY_WAIT, retry_in=wait)


def _fail(
    claim: outbox.Claim,
    submission: Submission,
    attempt: SubmissionAttempt,
    message: str,
    *,
    may_have_landed: bool = False,
) -> RunResult:

    fields: dict[str, Any] = {"completed_at": timezone.now(), "last_error": message}
    if may_have_landed:
        fields["needs_reconciliation"] = True  # a retry or a cancel asks the service first
    with transaction.atomic():
        if not outbox.finish(claim, state=SubmissionState.FAILED, **fields):
            return RunResult()
        refresh_status(submission.dtro)
        _close_attempt(attempt, AttemptOutcome.TRANSIENT, message)
        audit.record(
            "submission.failed",
            authority=submission.authority,
            target=submission,
            summary=f"{submission} failed: {message}",
        )
        submission_id = submission.pk
        transaction.on_commit(lambda: notify_supervisors_of_failure(submission_id))
    return RunResult(state=SubmissionState.FAILED)
