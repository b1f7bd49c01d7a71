"""Each kind of answer from the service leads to the right next state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from delivery_helpers import calls, held_by_sandbox, make_due
from django.core import mail
from django.utils import timezone
from factories import approved_submission, sandbox_credential_for

from dtro_app.models import AttemptOutcome, Dtro, DtroStatus, Submission, SubmissionState
from dtro_app.publishing.runner import deliver
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_accepted_create_is_published_with_the_service_id(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    submission.refresh_from_db()
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    assert dtro.status == DtroStatus.PUBLISHED
    assert dtro.service_id == submission.service_id
    assert [str(r.pk) for r in held_by_sandbox(tra)] == [str(dtro.service_id)]
    assert list(submission.history.values_list("outcome", flat=True)) == ["succeeded"]


def test_a_rejection_stops_at_once_and_keeps_the_services_errors(
    tra, other_tra, officer, supervisor, sandbox_url
):
    # A credential of another TRA: the service refuses a D-TRO whose creator is not its TRA.
    sandbox_credential_for(tra, sandbox_url)
    submission = approved_submission(tra, officer, supervisor)
    other_app = sandbox_credential_for(other_tra, sandbox_url)
    Submission.objects.filter(pk=submission.pk).update(credential=other_app)
    assert deliver(submission.pk).state == SubmissionState.REJECTED
    submission.refresh_from_db()
    assert submission.errors and all(e["message"] for e in submission.errors)
    assert submission.attempts == 1
    assert Dtro.objects.get(pk=submission.dtro_id).status == DtroStatus.REJECTED
    assert deliver(submission.pk).state is None  # settled: nothing more is sent


def test_a_server_error_on_create_waits_then_reconciles_before_sending_again(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    with faults.configure(error_5xx_rate=1.0, error_5xx_status=503):
        result = deliver(submission.pk)
    submission.refresh_from_db()
    assert result.state == SubmissionState.RETRY_WAIT
    assert submission.needs_reconciliation  # a 5xx on a write may have been applied
    assert submission.next_attempt_at > timezone.now()
    assert deliver(submission.pk).state is None  # not due yet
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert calls(submission, "POST", "/search") >= 1
    assert len(held_by_sandbox(tra)) == 1


def test_a_429_with_retry_after_waits_at_least_that_long(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    with faults.configure(rate_429_rate=1.0, retry_after_seconds=120):
        result = deliver(submission.pk)
    submission.refresh_from_db()
    assert result.state == SubmissionState.RETRY_WAIT
    assert result.retry_in >= 120
    assert submission.next_attempt_at >= timezone.now() + timedelta(seconds=115)
    assert not submission.needs_reconciliation  # a 429 was never applied
    assert submission.history.get().outcome == AttemptOutcome.RATE_LIMITED


def test_a_429_without_retry_after_backs_off_with_jitter(
    tra, officer, supervisor, sandbox_credential, settings
):
    settings.DELIVERY_BACKOFF_BASE_SECONDS = 40
    submission = approved_submission(tra, officer, supervisor)
    with faults.configure(rate_429_rate=1.0, retry_after_seconds=None):
        result = deliver(submission.pk)
    assert result.state == SubmissionState.RETRY_WAIT
    assert 20 <= result.retry_in <= 40  # half the cap to the cap


def test_transient_failures_only_delay_a_change_and_open_the_circuit(
    tra, officer, supervisor, sandbox_credential, settings
):
    settings.DELIVERY_CIRCUIT_FAILURES = 5
    submission = approved_submission(tra, officer, supervisor)
    with faults.configure(error_5xx_rate=1.0):
        for _ in range(8):
            deliver(submission.pk)
            make_due(submission)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETRY_WAIT
    # Five failures in a row opened the circuit; the next runs sent nothing and did not
    # count as attempts.
    assert submission.attempts == 5
    assert submission.history.count() == 5
    assert mail.outbox == []
    assert Dtro.objects.get(pk=submission.dtro_id).status == DtroStatus.IN_DELIVERY


def test_a_submission_older_than_the_age_limit_fails_and_supervisors_are_emailed(
    tra, officer, supervisor, sandbox_credential, settings
):
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        window_started_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.FAILED
    submission.refresh_from_db()
    assert "age limit" in submission.last_error
    assert Dtro.objects.get(pk=submission.dtro_id).status == DtroStatus.FAILED
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert "could not be delivered" in mail.outbox[0].body


def test_a_submission_six_days_old_is_still_retried(tra, officer, supervisor, sandbox_credential):
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        window_started_at=timezone.now() - timedelta(days=6)
    )
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT


def test_without_a_credential_it_fails_with_a_message_for_supervisors(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    assert deliver(submission.pk).state == SubmissionState.FAILED
    submission.refresh_from_db()
    assert "No active API credential" in submission.last_error


def test_a_supervisor_retry_sends_a_failed_submission_again(
    tra, officer, supervisor, sandbox_credential, settings
):
    from dtro_app.publishing.outbox import retry_now

    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        window_started_at=timezone.now() - timedelta(days=8)
    )
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.FAILED
    retry_now(submission, user=supervisor)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert len(held_by_sandbox(tra)) == 1
