"""One change per D-TRO in flight, in order: create, then updates, then delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from delivery_helpers import held_by_sandbox
from django.utils import timezone
from factories import approved_submission, valid_document

from dtro_app.approvals.services import approve
from dtro_app.drafting.services import request_deletion, save_draft, send_for_approval
from dtro_app.models import Dtro, DtroStatus, Submission, SubmissionState
from dtro_app.publishing.runner import deliver

pytestmark = pytest.mark.django_db(transaction=True)


def _approve_update(dtro, officer, supervisor, suffix):
    document = valid_document(dtro.authority, name_suffix=suffix)
    revision = save_draft(dtro, user=officer, document=document)
    send_for_approval(revision, user=officer)
    return approve(revision, user=supervisor), document


def test_an_update_never_overtakes_its_create(tra, officer, supervisor, sandbox_credential):
    create = approved_submission(tra, officer, supervisor)
    update, document = _approve_update(create.dtro, officer, supervisor, "amended")
    # The update's message arrives first: it is held back, nothing is sent.
    assert deliver(update.pk).state is None
    update.refresh_from_db()
    assert update.state == SubmissionState.QUEUED and update.attempts == 0
    created = deliver(create.pk)
    assert created.state == SubmissionState.SUCCEEDED
    assert created.enqueue_next == [update.pk]  # the create hands over to the update
    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    [record] = held_by_sandbox(tra)
    assert record.data == document["data"]
    dtro = Dtro.objects.get(pk=create.dtro_id)
    assert dtro.status == DtroStatus.PUBLISHED and dtro.published_revision_id == update.revision_id


def test_a_delete_goes_last_and_marks_the_dtro_deleted(
    tra, officer, supervisor, sandbox_credential
):
    create = approved_submission(tra, officer, supervisor)
    update, _ = _approve_update(create.dtro, officer, supervisor, "amended")
    deletion = approve(request_deletion(create.dtro, user=officer), user=supervisor)
    assert deliver(deletion.pk).state is None
    assert deliver(update.pk).state is None
    for submission in (create, update, deletion):
        assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert held_by_sandbox(tra) == []
    assert Dtro.objects.get(pk=create.dtro_id).status == DtroStatus.DELETED


def test_a_failed_change_holds_back_the_next_until_a_supervisor_acts(
    tra, officer, supervisor, sandbox_credential, settings
):
    from dtro_app.publishing.outbox import cancel
    from sandbox import faults

    create = approved_submission(tra, officer, supervisor)
    assert deliver(create.pk).state == SubmissionState.SUCCEEDED
    first_update, _ = _approve_update(create.dtro, officer, supervisor, "one")
    second_update, second_document = _approve_update(create.dtro, officer, supervisor, "two")
    Submission.objects.filter(pk=first_update.pk).update(
        window_started_at=timezone.now() - timedelta(days=8)
    )
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(first_update.pk).state == SubmissionState.FAILED
    assert deliver(second_update.pk).state is None
    # The failed send may have landed: the cancel asks the service first.
    cancel(first_update, user=supervisor, reason="superseded by the next amendment")
    assert deliver(second_update.pk).state is None
    assert deliver(first_update.pk).state == SubmissionState.CANCELLED
    assert deliver(second_update.pk).state == SubmissionState.SUCCEEDED
    [record] = held_by_sandbox(tra)
    assert record.data == second_document["data"]
