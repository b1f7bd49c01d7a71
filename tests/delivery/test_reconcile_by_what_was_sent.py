"""Reconciliation looks for what each attempt sent (its name, its payload hash, its time),
never for what the D-TRO is called now; exact-duplicate answers count as applied once the
service's record is seen to hold exactly what was sent."""

from __future__ import annotations

import pytest
from delivery_helpers import calls, held_by_sandbox, make_due
from factories import approved_submission, valid_document

from dtro_app.approvals.services import approve
from dtro_app.client import DtroClient
from dtro_app.drafting.services import save_draft, send_for_approval
from dtro_app.models import AttemptOutcome, Dtro, SubmissionState
from dtro_app.models.dtros import tro_name_of
from dtro_app.publishing.reconcile import payload_hash
from dtro_app.publishing.runner import deliver
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def _approve_new_version(dtro: Dtro, officer, supervisor, name_suffix: str):
    revision = save_draft(
        dtro, user=officer, document=valid_document(dtro.authority, name_suffix=name_suffix)
    )
    send_for_approval(revision, user=officer)
    return approve(revision, user=supervisor)


def test_a_create_renamed_before_it_is_reconciled_is_adopted_not_orphaned(
    tra, officer, supervisor, sandbox_credential, fast_timeouts
):
    create = approved_submission(tra, officer, supervisor)
    sent_as = tro_name_of(create.revision.document)
    with faults.configure(drop_rate=1.0, drop_hold_seconds=2):
        assert deliver(create.pk).state == SubmissionState.RETRY_WAIT
    [landed] = held_by_sandbox(tra)
    # The officer renames the order in the next draft before the create is reconciled.
    update = _approve_new_version(create.dtro, officer, supervisor, "renamed by the officer")
    assert Dtro.objects.get(pk=create.dtro_id).name != sent_as

    make_due(create)
    assert deliver(create.pk).state == SubmissionState.SUCCEEDED
    assert calls(create, "POST", "createFromBody") == 1
    assert Dtro.objects.get(pk=create.dtro_id).service_id == landed.pk
    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    [record] = held_by_sandbox(tra)  # no orphan, and the rename reached the one record
    assert record.pk == landed.pk
    assert record.data == update.revision.document["data"]
    first, adopted = create.history.order_by("number")
    assert (first.sent_name, first.payload_hash) == (
        sent_as,
        payload_hash(create.revision.document),
    )
    assert adopted.outcome == AttemptOutcome.ADOPTED


def test_a_409_on_an_identical_update_is_taken_as_already_applied(
    tra, officer, supervisor, sandbox_credential
):
    create = approved_submission(tra, officer, supervisor)
    assert deliver(create.pk).state == SubmissionState.SUCCEEDED
    update = _approve_new_version(create.dtro, officer, supervisor, "v2")
    # The update reached the service but its row never learned (a restored backup, say).
    DtroClient(sandbox_credential).update_from_body(
        Dtro.objects.get(pk=create.dtro_id).service_id, update.revision.document
    )
    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    assert update.history.last().outcome == AttemptOutcome.ADOPTED
    assert update.history.last().http_status is None
    from outbound.models import OutboundCall

    assert OutboundCall.objects.filter(submission_id=update.pk, status=409).count() == 1


def test_a_409_for_another_records_content_is_a_rejection(
    tra, officer, supervisor, sandbox_credential
):
    first = approved_submission(tra, officer, supervisor)
    second = approved_submission(
        tra, officer, supervisor, document=valid_document(tra, name_suffix="second")
    )
    assert deliver(first.pk).state == SubmissionState.SUCCEEDED
    assert deliver(second.pk).state == SubmissionState.SUCCEEDED
    # The second order's amendment is identical to the first order as published.
    revision = save_draft(second.dtro, user=officer, document=first.revision.document)
    send_for_approval(revision, user=officer)
    update = approve(revision, user=supervisor)
    assert deliver(update.pk).state == SubmissionState.REJECTED
    update.refresh_from_db()
    assert "identical" in update.last_error
