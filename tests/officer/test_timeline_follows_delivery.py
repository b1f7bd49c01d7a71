"""The timeline lists revisions, approvals and submissions, and polls while delivery is pending."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import approved_submission, draft_dtro

from dtro_app.models import AttemptOutcome, Submission, SubmissionAttempt, SubmissionState

pytestmark = pytest.mark.django_db


def test_a_pending_submission_makes_the_timeline_poll_itself(
    officer_client, tra, officer, supervisor
):
    submission = approved_submission(tra, officer, supervisor)
    html = officer_client.get(submission.dtro.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 3s"' in html
    assert "Being delivered to the D-TRO service" in html
    assert "Approved by supervisor@demo.example" in html


def test_a_retry_shows_the_attempt_and_when_it_will_retry(officer_client, tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    retry_at = timezone.localtime(timezone.now() + timedelta(minutes=5))
    Submission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.RETRY_WAIT,
        next_attempt_at=retry_at,
        attempts=1,
        last_error="The D-TRO service is not answering.",
    )
    SubmissionAttempt.objects.create(
        submission=submission,
        number=1,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        outcome=AttemptOutcome.TRANSIENT,
        http_status=503,
        message="Service unavailable",
        retry_at=retry_at,
    )
    html = officer_client.get(
        reverse("dtro_app:dtro_timeline", args=[submission.dtro_id])
    ).content.decode()
    assert f"Waiting to retry at {retry_at:%H:%M}" in html
    assert "Temporary failure (HTTP 503)" in html
    assert "The D-TRO service is not answering." in html


def test_a_rejection_shows_the_services_errors_in_plain_english(
    officer_client, tra, officer, supervisor
):
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.REJECTED,
        completed_at=timezone.now(),
        errors=[{"path": "/data/source/troName", "message": "The order needs a name."}],
    )
    from dtro_app.models.status import refresh_status

    refresh_status(submission.dtro)
    html = officer_client.get(submission.dtro.get_absolute_url()).content.decode()
    assert "The D-TRO service refused this create" in html
    assert "The order needs a name." in html
    assert "every 3s" not in html


def test_polling_stops_and_the_page_reloads_once_delivery_settles(
    officer_client, tra, officer, supervisor
):
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(state=SubmissionState.SUCCEEDED)
    response = officer_client.get(
        reverse("dtro_app:dtro_timeline", args=[submission.dtro_id]) + "?polling=1",
        headers={"HX-Request": "true"},
    )
    assert response["HX-Refresh"] == "true"
    assert "every 3s" not in response.content.decode()


def test_a_draft_timeline_does_not_poll(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    html = officer_client.get(reverse("dtro_app:dtro_timeline", args=[dtro.pk])).content.decode()
    assert "Revision 1" in html
    assert "hx-trigger" not in html
