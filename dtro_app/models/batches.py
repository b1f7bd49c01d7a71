"""Bulk actions: many D-TROs sent for approval, approved or rejected together.

One `DeliveryBatch` per TRA and action records who did it, how far it has got (a Celery task
works through large ones in chunks) and what was skipped and why. The submissions an
approval batch creates point at it, so its page shows their delivery and an estimate, and
the outbox feeds them behind single changes (`dtro_app.publishing.batch_feed`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from dtro_app.models.authorities import TrafficAuthority, TraScopedQuerySet


class BatchKind(models.TextChoices):
    SEND_FOR_APPROVAL = "send", "Sent for approval"
    APPROVAL = "approve", "Approved"
    REJECTION = "reject", "Rejected"


class DeliveryBatch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.PROTECT, related_name="batches"
    )
    kind = models.CharField(max_length=10, choices=BatchKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The revisions chosen (ids), so a background task can work through them in chunks.
    revision_ids = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0, help_text="Sent, approved or rejected.")
    skipped = models.JSONField(
        default=list, blank=True, help_text="[{reference, why}] for each one left alone."
    )
    reason = models.TextField(blank=True, help_text="Why a batch was rejected.")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} together: {self.total} D-TRO(s)"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.processed / self.total)

    def chunks(self, size: int) -> list[list[int]]:
        """The revisions not yet processed, `size` at a time (a rerun resumes)."""
        left = self.revision_ids[self.processed :]
        return [left[i : i + size] for i in range(0, len(left), size)]

    def record_chunk(self, *, processed: int, done: int, skipped: list[dict[str, str]]) -> None:
        """Save the progress of one chunk (one task works through a batch, so no race)."""
        self.processed += processed
        self.done += done
        self.skipped = [*self.skipped, *skipped]
        if self.processed >= self.total:
            self.finished_at = timezone.now()
        self.save(update_fields=["processed", "done", "skipped", "finished_at"])
