"""Celery tasks emailing invitations; a refused email is tried again, then logged."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from dtro_app import enqueue
from dtro_app.membership.services import resend_invitation_to_join, send_set_password_link
from dtro_app.notifications.sending import retry_later

logger = logging.getLogger(__name__)


@shared_task(bind=True, name=enqueue.SEND_INVITATION)
def send_invitation(
    self: Task, email: str, membership_id: int | None = None, invited_by_id: int | None = None
) -> None:
    try:
        send_set_password_link(email, membership_id, invited_by_id)
    except Exception:
        logger.exception("Could not email the invitation to membership %s", membership_id)
        retry_later(
            self,
            email,
            membership_id,
            invited_by_id,
            what=f"emailing the invitation to membership {membership_id}",
        )


@shared_task(bind=True, name=enqueue.RESEND_INVITATION_TO_JOIN)
def resend_invitation(self: Task, invitation_id: int) -> None:
    try:
        resend_invitation_to_join(invitation_id)
    except Exception:
        logger.exception("Could not email invitation %s", invitation_id)
        retry_later(self, invitation_id, what=f"emailing invitation {invitation_id}")
