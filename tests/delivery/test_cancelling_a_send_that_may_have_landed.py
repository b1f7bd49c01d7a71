"""A supervisor's cancel of a change whose last send got no answer asks the service first:
no record is left at the service that the portal has forgotten."""

from __future__ import annotations

import pytest
from delivery_helpers import calls, held_by_sandbox
from factories import approved_submission

from dtro_app.models import AttemptOutcome, AuditEvent, Dtro, DtroStatus, SubmissionState
from dtro_app.publishing.outbox import OutboxError, cancel
from dtro_app.publishing.runner import deliver
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_create_that_landed_is_published_instead_of_cancelled(
    tra, officer, supervisor, sandbox_credential, fast_timeouts
):
    submission = approved_submission(tra, officer, supervisor)
    with faults.configure(drop_rate=1.0, drop_hold_seconds=2):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    [landed] = held_by_sandbox(tra)

    cancel(submission, user=supervisor, reason="sent by mistake")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETRY_WAIT  # not cancelled yet: checking
    assert submission.cancel_requested_at is not None
    with pytest.raises(OutboxError, match="already requested"):
        cancel(submission, user=supervisor, reason="again")

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert calls(submission, "POST", "createFromBody") == 1  # asked, never sent again
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    assert dtro.service_id == landed.pk and dtro.status == DtroStatus.PUBLISHED
    last = submission.history.last()
    assert last.outcome == AttemptOutcome.ADOPTED and "could not be cancelled" in last.message


def test_a_create_that_did_not_land_is_cancelled_after_checking(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    # A 5xx to a write: the portal cannot know whether it was applied (here it was not).
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    assert held_by_sandbox(tra) == []

    cancel(submission, user=supervisor, reason="no longer needed")
    assert deliver(submission.pk).state == SubmissionState.CANCELLED
    assert calls(submission, "POST", "createFromBody") == 1
    assert held_by_sandbox(tra) == []
    assert submission.history.last().outcome == AttemptOutcome.CANCELLED
    assert AuditEvent.objects.filter(action="submission.cancel_requested").count() == 1
    assert AuditEvent.objects.filter(action="submission.cancelled").count() == 1


def test_a_change_never_sent_is_cancelled_at_once(tra, officer, supervisor, sandbox_credential):
    submission = approved_submission(tra, officer, supervisor)
    cancelled = cancel(submission, user=supervisor, reason="approved by mistake")
    assert cancelled.state == SubmissionState.CANCELLED
    assert deliver(submission.pk).state is None
    assert held_by_sandbox(tra) == []
