"""Celery tasks sending the emails about approvals and outcomes; each retries only the
recipients it failed for, and logs whom it gave up on."""

from __future__ import annotations

from celery import Task, shared_task

from dtro_app import enqueue
from dtro_app.notifications import approvals, outcomes
from dtro_app.notifications.sending import retry_later


@shared_task(bind=True, name=enqueue.NOTIFY_SUPERVISORS_OF_WAITING_APPROVAL)
def notify_supervisors_of_waiting_approval(
    self: Task, revision_id: int, only: list[int] | None = None
) -> None:
    if failed := approvals.tell_supervisors(revision_id, only):
        retry_later(
            self, revision_id, failed, what=f"emailing supervisors about revision {revision_id}"
        )


@shared_task(bind=True, name=enqueue.SEND_APPROVAL_DIGESTS)
def send_approval_digests(self: Task, only: list[int] | None = None) -> None:
    if failed := approvals.send_digests(only):
        retry_later(self, failed, what=f"the approval digests of users {failed}")


@shared_task(bind=True, name=enqueue.NOTIFY_OFFICER_OF_OUTCOME)
def notify_officer_of_outcome(
    self: Task, submission_id: int, only: list[int] | None = None
) -> None:
    if failed := outcomes.notify_officer_of_outcome(submission_id, only):
        retry_later(
            self, submission_id, failed, what=f"emailing the outcome of submission {submission_id}"
        )
