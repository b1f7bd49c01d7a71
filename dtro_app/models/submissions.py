"""The delivery outbox: one `Submission` per approved change, and each attempt to send it.

A submission row is written in the same transaction as the approval that causes it, so
nothing approved is ever lost; `dtro_app.publishing` claims rows atomically and sends them,
one at a time per D-TRO and in `sequence` order.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dtro_app.models.authorities import TrafficAuthority, TraScopedQuerySet
from dtro_app.models.batches import DeliveryBatch
from dtro_app.models.credentials import ApiCredential
from dtro_app.models.dtros import ChangeAction, Dtro, Revision


class SubmissionState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRY_WAIT = "retry_wait", "Waiting to retry"
    SUCCEEDED = "succeeded", "Published"
    REJECTED = "rejected", "Rejected by the service"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# Still to be sent, or being sent.
PENDING_STATES = (SubmissionState.QUEUED, SubmissionState.SENDING, SubmissionState.RETRY_WAIT)
# Done with: later changes of the same D-TRO may go. Anything else (pending, or failed and
# waiting for a supervisor to retry or cancel it) holds them back, so order is kept.
SETTLED_STATES = (SubmissionState.SUCCEEDED, SubmissionState.CANCELLED, SubmissionState.REJECTED)


class Submission(models.Model):
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.PROTECT, related_name="submissions"
    )
    dtro = models.ForeignKey(Dtro, on_delete=models.PROTECT, related_name="submissions")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="submissions")
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    sequence = models.PositiveIntegerField(help_text="Order of this change among the D-TRO's.")
    credential = models.ForeignKey(
        ApiCredential,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    state = models.CharField(
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.QUEUED,
        db_index=True,
    )
    # Attempts and age count from the start of the current window (a supervisor's retry
    # starts a new one).
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the broker message last sent for this row is due to run; the sweeper sends
    # another only if that is well past (the message was lost).
    message_due_at = models.DateTimeField(null=True, blank=True)
    # The claim: which worker run holds the row, and until when (a dead worker's claim lapses).
    claim_token = models.UUIDField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The last send may have reached the service: look before sending again.
    needs_reconciliation = models.BooleanField(default=False)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    service_id = models.UUIDField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    errors = models.JSONField(
        default=list, blank=True, help_text="The service's errors, in plain English."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(blank=True)
    # A supervisor asked to cancel a change whose last send may have reached the service:
    # the next run only asks the service, then cancels it (or records it as published).
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    # How many requests delivering it takes (created in parts, provision by provision):
    # planned at approval by `publishing.planned_requests`, corrected by the runner when it
    # plans differently; summed by the delivery estimate.
    planned_requests = models.PositiveIntegerField(default=1)
    # Approved together with others: fed to the queue behind single changes (fairness).
    batch = models.ForeignKey(
        DeliveryBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dtro", "sequence"], name="one_submission_per_dtro_sequence"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.dtro} (#{self.pk})"

    @property
    def can_retry(self) -> bool:
        """A supervisor may put it back in the queue now."""
        return self.state in (SubmissionState.FAILED, SubmissionState.RETRY_WAIT)

    @property
    def can_cancel(self) -> bool:
        """Not yet published (whether an in-flight send allows it is checked when cancelling)."""
        return self.state in (*PENDING_STATES, SubmissionState.FAILED)

    @property
    def state_label(self) -> str:
        if self.state == SubmissionState.SUCCEEDED and self.action == ChangeAction.DELETE:
            return "Deleted"
        return self.get_state_display()


class AttemptOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    ADOPTED = "adopted", "Found already applied"
    REJECTED = "rejected", "Rejected"
    TRANSIENT = "transient", "Temporary failure"
    RATE_LIMITED = "rate_limited", "Rate limited"
    UNKNOWN = "unknown", "Outcome unknown"
    ABANDONED = "abandoned", "Worker stopped"
    CANCELLED = "cancelled", "Checked with the service, then cancelled"


class SubmissionAttempt(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="history")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AttemptOutcome.choices, blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    correlation_id = models.CharField(max_length=64, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    # What this attempt sent, so reconciliation looks for exactly that: the hash of the
    # envelope and the order's name as it stood in the revision (not the D-TRO's name now).
    payload_hash = models.CharField(max_length=64, blank=True)
    sent_name = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["submission", "number"]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.submission}"
