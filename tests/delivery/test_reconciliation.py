"""A create that may have landed is found and adopted, never sent twice."""

from __future__ import annotations

import pytest
from delivery_helpers import calls, held_by_sandbox, make_due
from factories import approved_submission

from dtro_app.client import DtroClient
from dtro_app.models import AttemptOutcome, Dtro, SubmissionState
from dtro_app.publishing.runner import deliver
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def test_after_a_dropped_response_the_existing_record_is_adopted(
    tra, officer, supervisor, sandbox_credential, fast_timeouts
):
    submission = approved_submission(tra, officer, supervisor)
    # The sandbox commits the create, then never answers: our read times out.
    with faults.configure(drop_rate=1.0, drop_hold_seconds=2):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    submission.refresh_from_db()
    assert submission.needs_reconciliation
    [record] = held_by_sandbox(tra)  # it did land
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert calls(submission, "POST", "createFromBody") == 1  # never sent again
    assert Dtro.objects.get(pk=submission.dtro_id).service_id == record.pk
    assert submission.history.last().outcome == AttemptOutcome.ADOPTED
    assert len(held_by_sandbox(tra)) == 1


def test_a_duplicate_rejection_adopts_the_record_the_service_holds(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    # Our earlier send landed but its row never learned (for example a restored backup).
    existing = DtroClient(sandbox_credential).create_from_body(submission.revision.document)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert str(Dtro.objects.get(pk=submission.dtro_id).service_id) == existing["id"]
    assert len(held_by_sandbox(tra)) == 1


def test_a_duplicate_of_a_record_another_dtro_owns_is_rejected_not_adopted(
    tra, officer, supervisor, sandbox_credential
):
    first = approved_submission(tra, officer, supervisor)
    assert deliver(first.pk).state == SubmissionState.SUCCEEDED
    twin = approved_submission(tra, officer, supervisor, document=first.revision.document)
    assert deliver(twin.pk).state == SubmissionState.REJECTED
    twin.refresh_from_db()
    assert "identical" in twin.last_error
    assert len(held_by_sandbox(tra)) == 1


def test_an_update_whose_response_was_lost_is_not_sent_again(
    tra, officer, supervisor, sandbox_credential, fast_timeouts
):
    from factories import valid_document

    from dtro_app.approvals.services import approve
    from dtro_app.drafting.services import save_draft, send_for_approval

    create = approved_submission(tra, officer, supervisor)
    assert deliver(create.pk).state == SubmissionState.SUCCEEDED
    revision = save_draft(create.dtro, user=officer, document=valid_document(tra))
    send_for_approval(revision, user=officer)
    update = approve(revision, user=supervisor)
    with faults.configure(drop_rate=1.0, drop_hold_seconds=2):
        assert deliver(update.pk).state == SubmissionState.RETRY_WAIT
    make_due(update)
    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    assert calls(update, "PUT", "updateFromBody") == 1
