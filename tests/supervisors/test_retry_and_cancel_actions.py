from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from dtro_app.models import AuditEvent, Submission, SubmissionState

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:dtro_app_submission_changelist")


def test_retry_now_puts_a_failed_submission_back_in_the_queue_and_audits_it(
    supervisor_client, supervisor, failed_submission
):
    response = supervisor_client.post(
        QUEUE, {"action": "retry_now", ACTION_CHECKBOX_NAME: [failed_submission.pk], "index": 0}
    )
    assert response.status_code == 302
    failed_submission.refresh_from_db()
    assert failed_submission.state == SubmissionState.QUEUED
    assert failed_submission.attempts == 0
    event = AuditEvent.objects.get(action="submission.retried")
    assert event.actor == supervisor
    assert event.before == {"state": "failed"}
    assert event.after == {"state": "queued"}


def test_retrying_a_queued_submission_says_why_not(supervisor_client, failed_submission):
    Submission.objects.filter(pk=failed_submission.pk).update(state=SubmissionState.QUEUED)
    response = supervisor_client.post(
        QUEUE,
        {"action": "retry_now", ACTION_CHECKBOX_NAME: [failed_submission.pk], "index": 0},
        follow=True,
    )
    assert "cannot be retried" in response.content.decode()
    assert not AuditEvent.objects.filter(action="submission.retried").exists()


def test_cancel_first_asks_for_a_reason(supervisor_client, failed_submission):
    page = supervisor_client.post(
        QUEUE,
        {"action": "cancel_submissions", ACTION_CHECKBOX_NAME: [failed_submission.pk], "index": 0},
    )
    assert page.status_code == 200
    assert "Why are you cancelling?" in page.content.decode()
    failed_submission.refresh_from_db()
    assert failed_submission.state == SubmissionState.FAILED


def test_cancel_without_a_reason_changes_nothing(supervisor_client, failed_submission):
    page = supervisor_client.post(
        QUEUE,
        {
            "action": "cancel_submissions",
            ACTION_CHECKBOX_NAME: [failed_submission.pk],
            "confirm": "yes",
            "reason": "",
        },
    )
    assert page.status_code == 200
    assert "Give a reason for cancelling" in page.content.decode()
    failed_submission.refresh_from_db()
    assert failed_submission.state == SubmissionState.FAILED


def test_cancel_with_a_reason_cancels_and_audits_it(
    supervisor_client, supervisor, failed_submission
):
    response = supervisor_client.post(
        QUEUE,
        {
            "action": "cancel_submissions",
            ACTION_CHECKBOX_NAME: [failed_submission.pk],
            "confirm": "yes",
            "reason": "Superseded by a corrected order",
        },
    )
    assert response.status_code == 302
    failed_submission.refresh_from_db()
    assert failed_submission.state == SubmissionState.CANCELLED
    assert failed_submission.cancelled_by == supervisor
    assert failed_submission.cancel_reason == "Superseded by a corrected order"
    event = AuditEvent.objects.get(action="submission.cancelled")
    assert "Superseded by a corrected order" in event.summary
    assert event.after == {"state": "cancelled"}


def test_the_detail_page_shows_attempts_api_calls_and_the_buttons(
    supervisor_client, failed_submission, tra
):
    from django.utils import timezone

    from dtro_app.models import SubmissionAttempt
    from outbound.models import OutboundCall

    SubmissionAttempt.objects.create(
        submission=failed_submission,
        number=1,
        started_at=timezone.now(),
        outcome="transient",
        http_status=503,
        message="The D-TRO service answered 503",
    )
    OutboundCall.objects.create(
        service="dtro",
        authority=tra,
        method="POST",
        path="/dtros/createFromBody",
        correlation_id="corr-123",
        status=503,
        outcome="transient",
        submission_id=failed_submission.pk,
    )
    page = supervisor_client.get(
        reverse("admin:dtro_app_submission_change", args=[failed_submission.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "The D-TRO service answered 503" in html
    assert "corr-123" in html
    assert "/dtros/createFromBody" in html
    assert "Retry now" in html
    assert "Cancel…" in html
