"""Celery task sending a new user the link to set their password."""

from __future__ import annotations

from celery import shared_task

from dtro_app import enqueue
from dtro_app.membership.services import send_set_password_link


@shared_task(name=enqueue.SEND_INVITATION)
def send_invitation(email: str) -> None:
    send_set_password_link(email)
