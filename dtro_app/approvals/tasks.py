"""Celery task telling an officer that their change was rejected."""

from __future__ import annotations

from celery import Task, shared_task

from dtro_app import enqueue, notifications
from dtro_app.notifications.sending import retry_later


@shared_task(bind=True, name=enqueue.NOTIFY_OFFICER_OF_REJECTION)
def notify_officer_of_rejection(
    self: Task, approval_id: int, only: list[int] | None = None
) -> None:
    if failed := notifications.notify_officer_of_rejection(approval_id, only):
        retry_later(self, approval_id, failed, what=f"emailing the rejection {approval_id}")
