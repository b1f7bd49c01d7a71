"""A supervisor approves a batch after a summary; never their own orders, which are listed
as ones they cannot approve and stay awaiting approval. Each order is approved as one by
one: its own approval, outbox row and audit event."""

from __future__ import annotations

import pytest
from factories import awaiting_approval, valid_document

from dtro_app.approvals.bulk import Filters, awaiting, start_decision, summarise_batch
from dtro_app.models import (
    Approval,
    AuditEvent,
    BatchKind,
    RevisionState,
    Submission,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(tra, officer, supervisor):
    officers = [
        awaiting_approval(tra, officer, valid_document(tra, name_suffix=f" {i}")) for i in range(2)
    ]
    own = awaiting_approval(tra, supervisor, valid_document(tra, name_suffix=" mine"))
    return officers, own


def test_the_summary_lists_the_supervisors_own_order_as_not_approvable(supervisor, waiting):
    officers, own = waiting

    summary = summarise_batch(supervisor, awaiting(supervisor))

    assert summary.orders == 3
    assert summary.own == [
        (
            own.dtro.reference,
            "You cannot approve a D-TRO you drafted or sent for approval yourself.",
        )
    ]
    assert sorted(summary.approvable) == sorted(r.pk for r in officers)


def test_approving_the_batch_approves_the_others_and_leaves_their_own_awaiting(supervisor, waiting):
    officers, own = waiting

    [batch] = start_decision(supervisor, awaiting(supervisor), approve_them=True)

    batch.refresh_from_db()
    assert batch.kind == BatchKind.APPROVAL
    assert (batch.total, batch.done) == (2, 2)
    assert batch.skipped == [
        {
            "reference": own.dtro.reference,
            "why": "You cannot approve a D-TRO you drafted or sent for approval yourself.",
        }
    ]
    own.refresh_from_db()
    assert own.state == RevisionState.AWAITING_APPROVAL
    assert not Approval.objects.filter(revision=own).exists()
    for revision in officers:
        revision.refresh_from_db()
        assert revision.state == RevisionState.APPROVED
        assert revision.approval.decided_by == supervisor
        submission = Submission.objects.get(revision=revision)
        assert submission.batch_id == batch.pk
        # Not messaged at approval: the outbox feeds batches behind single changes.
        assert submission.message_due_at is None
    assert AuditEvent.objects.filter(action="approval.approved").count() == 2


def test_a_second_supervisor_can_approve_what_the_first_could_not(tra, supervisor, waiting):
    _, own = waiting
    colleague = make_user("colleague@demo.example", tra, "supervisor")

    start_decision(supervisor, awaiting(supervisor), approve_them=True)
    start_decision(colleague, awaiting(colleague), approve_them=True)

    own.refresh_from_db()
    assert own.state == RevisionState.APPROVED
    assert own.approval.decided_by == colleague


def test_an_order_with_errors_is_listed_and_not_approved(supervisor, waiting):
    officers, _ = waiting
    broken = officers[0]
    # What a schema change can do to an order already awaiting approval.
    broken.is_valid = False
    broken.save(update_fields=["is_valid"])

    summary = summarise_batch(supervisor, awaiting(supervisor))
    [batch] = start_decision(supervisor, awaiting(supervisor), approve_them=True)

    assert summary.with_errors == [broken.dtro.reference]
    assert batch.done == 1
    broken.refresh_from_db()
    assert broken.state == RevisionState.AWAITING_APPROVAL


def test_rejecting_a_batch_needs_a_reason_and_rejects_each(supervisor, waiting):
    from dtro_app.approvals.services import ApprovalError

    with pytest.raises(ApprovalError):
        start_decision(supervisor, awaiting(supervisor), approve_them=False, reason=" ")

    [batch] = start_decision(
        supervisor, awaiting(supervisor), approve_them=False, reason="Wrong street names"
    )

    assert batch.done == 3
    assert set(Approval.objects.values_list("reason", flat=True)) == {"Wrong street names"}
    assert AuditEvent.objects.filter(action="approval.rejected").count() == 3


def test_filters_narrow_what_is_listed(tra, officer, supervisor, waiting):
    officers, _ = waiting

    by_officer = awaiting(supervisor, Filters(officer=officer.pk))

    assert sorted(by_officer.values_list("pk", flat=True)) == sorted(r.pk for r in officers)


def test_another_tras_supervisor_sees_none_of_them(other_tra, waiting):
    stranger = make_user("stranger@second.example", other_tra, "supervisor")

    assert not awaiting(stranger).exists()
    assert start_decision(stranger, awaiting(stranger), approve_them=True) == []


def test_the_sent_batch_filter_lists_only_that_batch(tra, officer, supervisor, waiting):
    from factories import draft_dtro

    from dtro_app.drafting.bulk import send_batch_for_approval

    drafts = [draft_dtro(tra, officer, valid_document(tra, name_suffix=f" b{i}")) for i in range(2)]
    [sent] = send_batch_for_approval(drafts, officer)

    listed = awaiting(supervisor, Filters(sent_batch=str(sent.pk)))

    assert sorted(r.dtro_id for r in listed) == sorted(d.pk for d in drafts)


def test_a_large_batch_is_approved_by_the_celery_task_in_chunks(
    supervisor, waiting, deliver_immediately, monkeypatch
):
    from dtro_app.approvals import bulk

    monkeypatch.setattr(bulk, "CHUNK", 1)  # one order per chunk: progress saved after each
    _, own = waiting

    [batch] = start_decision(
        supervisor, awaiting(supervisor), approve_them=True, in_background=True
    )

    batch.refresh_from_db()
    assert (batch.total, batch.processed, batch.done) == (2, 2, 2)
    assert batch.is_finished
    own.refresh_from_db()
    assert own.state == RevisionState.AWAITING_APPROVAL
