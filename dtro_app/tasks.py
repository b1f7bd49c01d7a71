"""Celery tasks: thin wrappers around services."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


def enqueue_quietly(task: Task, *args: Any, countdown: float | None = None) -> bool:
    """Publish a task message; if the broker is down, log it and go on (the caller's data
    is already saved, and every job that matters has a database-side way to catch up)."""
    try:
        task.apply_async(args, countdown=countdown or None)
    except Exception:
        logger.warning("Could not enqueue %s%r; the broker is unavailable", task.name, args)
        return False
    return True


@shared_task(name="dtro_app.refresh_schemas")
def refresh_schemas_task() -> list[str]:
    from dtro_app.schema_refresh import preferred_credential, refresh_schemas

    credential = preferred_credential()
    return refresh_schemas(credential) if credential is not None else []


@shared_task(
    name="dtro_app.deliver_submission",
    acks_late=True,
    # Below the claim's lease, so a run is always dead before another may take its row.
    time_limit=settings.DELIVERY_LEASE_SECONDS * 0.9,
    soft_time_limit=settings.DELIVERY_LEASE_SECONDS * 0.8,
)
def deliver_submission(submission_id: int) -> str | None:
    from dtro_app.delivery import outbox, runner

    result = runner.deliver(submission_id)
    for following in result.enqueue_next:
        outbox.enqueue(following)
    if result.retry_in is not None and result.retry_in <= settings.DELIVERY_MAX_COUNTDOWN_SECONDS:
        # Rescheduled as a new message, never slept in the worker; longer waits are the
        # sweeper's, so no countdown comes near the broker's visibility timeout.
        outbox.enqueue(submission_id, countdown=result.retry_in)
    return result.state


@shared_task(name="dtro_app.sweep_outbox")
def sweep_outbox() -> int:
    """The outbox's beat: probe environments that are not answering (and drain those that
    answer again), tell supervisors of long outages, fail what is past the age limit, and
    enqueue what is due but has no message."""
    from dtro_app import heartbeats
    from dtro_app.delivery import outage, outbox

    for step in (outage.probe_due, outage.notify_outages):
        try:
            step()
        except Exception:  # a broken probe or email must not stop the sweep itself
            logger.exception("Outbox beat: %s failed", step.__name__)
    outbox.fail_overdue()
    enqueued = len(outbox.sweep())
    heartbeats.beat("sweeper")
    return enqueued


@shared_task(name="dtro_app.notify_officer_of_rejection")
def notify_officer_of_rejection(approval_id: int) -> None:
    from dtro_app.notifications import notify_officer_of_rejection as notify

    notify(approval_id)


@shared_task(name="dtro_app.send_invitation")
def send_invitation(email: str) -> None:
    from dtro_app.services.users import send_set_password_link

    send_set_password_link(email)
