"""Emails telling a TRA's supervisors that changes could not be delivered."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from dtro_app.models import Submission
from dtro_app.notifications.approvals import supervisors

logger = logging.getLogger(__name__)


def supervisor_emails(authority_id: int) -> list[str]:
    return sorted(supervisors([authority_id]).values_list("email", flat=True))


def notify_supervisors_of_failure(submission_id: int) -> None:
    """Tell the TRA's supervisors that a submission has failed and needs them."""
    submission = Submission.objects.select_related("dtro", "authority").get(pk=submission_id)
    recipients = supervisor_emails(submission.authority_id)
    if not recipients:
        return
    try:
        send_mail(
            subject=f"D-TRO delivery failed: {submission.dtro}",
            message=(
                f"The {submission.get_action_display().lower()} of “{submission.dtro}” "
                f"({submission.dtro.reference}) could not be delivered to the D-TRO service "
                f"after {submission.attempts} attempts.\n\n"
                f"Last error: {submission.last_error}\n\n"
                "Retry or cancel it in the delivery queue: "
                f"{settings.PORTAL_SITE_URL}/admin/dtro_app/submission/{submission.pk}/change/\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the failure is recorded and shown; email is extra
        logger.exception("Could not email supervisors about submission %s", submission_id)


def notify_supervisors_of_overdue(authority_id: int, submission_ids: list[int]) -> None:
    """One email per TRA for the changes the sweeper failed at the age limit together."""
    recipients = supervisor_emails(authority_id)
    if not recipients or not submission_ids:
        return
    submissions = Submission.objects.filter(pk__in=submission_ids).select_related("dtro")
    lines = "\n".join(
        f"- {s.get_action_display()} of “{s.dtro}” ({s.dtro.reference})" for s in submissions
    )
    try:
        send_mail(
            subject=f"D-TRO delivery failed: {len(submission_ids)} change(s) past the age limit",
            message=(
                f"These changes could not be delivered to the D-TRO service within "
                f"{settings.DELIVERY_MAX_AGE_SECONDS // 86400} days and have failed:\n\n"
                f"{lines}\n\nRetry or cancel them in the delivery queue: "
                f"{settings.PORTAL_SITE_URL}/admin/dtro_app/submission/?state__exact=failed\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the failures are recorded and shown; email is extra
        logger.exception(
            "Could not email supervisors of TRA %s about overdue changes", authority_id
        )
