from __future__ import annotations

import pytest
from django.db import transaction
from factories import awaiting_approval

from dtro_app.approvals.services import approve
from dtro_app.models import DtroStatus, Submission, SubmissionState

pytestmark = pytest.mark.django_db(transaction=True)


def test_approving_writes_one_queued_submission_and_enqueues_it_after_commit(
    tra, officer, supervisor
):
    revision = awaiting_approval(tra, officer)
    submission = approve(revision, user=supervisor)
    submission.refresh_from_db()
    assert Submission.objects.count() == 1
    assert submission.state == SubmissionState.QUEUED
    assert submission.action == "create" and submission.sequence == 1
    # enqueue() stamps the row when it publishes the broker message, after the commit.
    assert submission.message_due_at is not None
    assert submission.dtro.status == DtroStatus.IN_DELIVERY


def test_a_rolled_back_approval_leaves_no_row_and_sends_no_message(tra, officer, supervisor):
    revision = awaiting_approval(tra, officer)
    enqueued_before = []
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(revision, user=supervisor)
        enqueued_before.append(Submission.objects.get().message_due_at)
        raise RuntimeError("the request failed after approving")
    assert enqueued_before == [None]  # nothing is enqueued inside the transaction
    assert not Submission.objects.exists()
    revision.refresh_from_db()
    assert revision.state == "awaiting_approval"


def test_each_approved_change_of_a_dtro_gets_the_next_sequence(tra, officer, supervisor):
    from factories import valid_document

    from dtro_app.drafting.services import save_draft, send_for_approval

    first = approve(awaiting_approval(tra, officer), user=supervisor)
    dtro = first.dtro
    revision = save_draft(dtro, user=officer, document=valid_document(tra, name_suffix="v2"))
    send_for_approval(revision, user=officer)
    second = approve(revision, user=supervisor)
    assert (first.sequence, second.sequence) == (1, 2)
    assert (first.action, second.action) == ("create", "update")
