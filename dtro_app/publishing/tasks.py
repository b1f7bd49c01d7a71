"""Celery tasks of the outbox: thin wrappers around `outbox`, `runner` and `outage`."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from dtro_app import enqueue
from dtro_app.models import heartbeats
from dtro_app.publishing import batch_feed, outage, outbox, runner

logger = logging.getLogger(__name__)


@shared_task(
    name=enqueue.DELIVER_SUBMISSION,
    acks_late=True,
    # Below the claim's lease, so a run is always dead before another may take its row.
    time_limit=int(settings.DELIVERY_LEASE_SECONDS * 0.9),
    soft_time_limit=int(settings.DELIVERY_LEASE_SECONDS * 0.8),
)
def deliver_submission(submission_id: int) -> str | None:
    result = runner.deliver(submission_id)
    for following in result.enqueue_next:
        outbox.enqueue(following)
    if result.retry_in is not None and result.retry_in <= settings.DELIVERY_MAX_COUNTDOWN_SECONDS:
        # Rescheduled as a new message, never slept in the worker; longer waits are the
        # sweeper's, so no countdown comes near the broker's visibility timeout.
        outbox.enqueue(submission_id, countdown=result.retry_in)
    return result.state


@shared_task(name=enqueue.SWEEP_OUTBOX)
def sweep_outbox() -> int:
    """The outbox's beat: probe environments that are not answering (and drain those that
    answer again), tell supervisors of long outages, fail what is past the age limit, and
    enqueue what is due but has no message."""
    for step in (outage.probe_due, outage.notify_outages):
        try:
            step()
        except Exception:  # a broken probe or email must not stop the sweep itself
            logger.exception("Outbox beat: %s failed", step.__name__)
    outbox.fail_overdue()
    enqueued = len(outbox.sweep()) + len(batch_feed.feed())
    heartbeats.beat(heartbeats.SWEEPER)
    return enqueued
