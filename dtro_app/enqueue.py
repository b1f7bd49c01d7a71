"""Publishing Celery messages by task name, so services never import the tasks that call them."""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app

logger = logging.getLogger(__name__)

# Task names are part of the broker's wire format: renaming one strands queued messages.
DELIVER_SUBMISSION = "dtro_app.deliver_submission"
SWEEP_OUTBOX = "dtro_app.sweep_outbox"
REFRESH_SCHEMAS = "dtro_app.refresh_schemas"
NOTIFY_OFFICER_OF_REJECTION = "dtro_app.notify_officer_of_rejection"
SEND_INVITATION = "dtro_app.send_invitation"
RESEND_INVITATION_TO_JOIN = "dtro_app.resend_invitation_to_join"
NOTIFY_SUPERVISORS_OF_WAITING_APPROVAL = "dtro_app.notify_supervisors_of_waiting_approval"
SEND_APPROVAL_DIGESTS = "dtro_app.send_approval_digests"
NOTIFY_OFFICER_OF_OUTCOME = "dtro_app.notify_officer_of_outcome"
RUN_BATCH = "dtro_app.run_batch"


def enqueue_quietly(task_name: str, *args: Any, countdown: float | None = None) -> bool:
    """Publish a task message; if the broker is down, log it and go on (the caller's data
    is already saved, and every job that matters has a database-side way to catch up)."""
    try:
        # No countdown at all when there is none to wait (the stub takes no None).
        options: dict[str, Any] = {"countdown": countdown} if countdown else {}
        current_app.tasks[task_name].apply_async(args, **options)
    except Exception:
        logger.warning("Could not enqueue %s%r; the broker is unavailable", task_name, args)
        return False
    return True
