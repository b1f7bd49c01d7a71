"""Celery tasks of approvals: telling an officer of a rejection; working through a batch."""

from __future__ import annotations

from celery import Task, shared_task

from dtro_app import enqueue, notifications
from dtro_app.approvals import bulk
from dtro_app.models import DeliveryBatch
from dtro_app.notifications.sending import retry_later


@shared_task(bind=True, name=enqueue.NOTIFY_OFFICER_OF_REJECTION)
def notify_officer_of_rejection(
    self: Task, approval_id: int, only: list[int] | None = None
) -> None:
    if failed := notifications.notify_officer_of_rejection(approval_id, only):
        retry_later(self, approval_id, failed, what=f"emailing the rejection {approval_id}")


@shared_task(name=enqueue.RUN_BATCH, acks_late=True)
def run_batch(batch_id: str) -> int:
    """Work through a large batch (send for approval, approve or reject) in chunks."""
    batch = DeliveryBatch.objects.select_related("created_by").get(pk=batch_id)
    return bulk.run_batch(batch).processed
