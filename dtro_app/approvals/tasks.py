"""Celery task telling an officer that their change was rejected."""

from __future__ import annotations

from celery import shared_task

from dtro_app import enqueue, notifications


@shared_task(name=enqueue.NOTIFY_OFFICER_OF_REJECTION)
def notify_officer_of_rejection(approval_id: int) -> None:
    notifications.notify_officer_of_rejection(approval_id)
