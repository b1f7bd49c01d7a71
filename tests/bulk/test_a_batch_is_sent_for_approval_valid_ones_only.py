"""Officers send many drafts for approval at once: each under the same rules as one by one,
the valid ones sent and the rest skipped with the reason."""

from __future__ import annotations

import pytest
from factories import draft_dtro, valid_document

from dtro_app.drafting.bulk import send_batch_for_approval
from dtro_app.models import AuditEvent, BatchKind, Dtro, RevisionState


def _invalid(tra):
    document = valid_document(tra, name_suffix=" broken")
    document["data"]["source"]["troName"] = ""
    return document


def _drafts(tra, officer):
    valid = [draft_dtro(tra, officer, valid_document(tra, name_suffix=f" {i}")) for i in range(3)]
    invalid = draft_dtro(tra, officer, _invalid(tra))
    return valid, invalid


@pytest.mark.django_db
@pytest.mark.parametrize("in_background", [False, True], ids=["inline", "celery"])
def test_valid_drafts_are_sent_and_invalid_ones_skipped_with_why(
    tra, officer, deliver_immediately, in_background
):
    valid, invalid = _drafts(tra, officer)
    assert not invalid.current_revision.is_valid

    [batch] = send_batch_for_approval(
        Dtro.objects.filter(pk__in=[d.pk for d in [*valid, invalid]]),
        officer,
        in_background=in_background,
    )

    batch.refresh_from_db()
    assert batch.kind == BatchKind.SEND_FOR_APPROVAL
    assert (batch.total, batch.processed, batch.done) == (4, 4, 3)
    assert batch.is_finished
    assert batch.skipped == [
        {
            "reference": invalid.reference,
            "why": "Fix the errors in this D-TRO before sending it for approval.",
        }
    ]
    for dtro in valid:
        dtro.current_revision.refresh_from_db()
        assert dtro.current_revision.state == RevisionState.AWAITING_APPROVAL
        assert dtro.current_revision.sent_for_approval_by == officer
    invalid.current_revision.refresh_from_db()
    assert invalid.current_revision.state == RevisionState.DRAFT
    # Audited per order, as one by one.
    assert AuditEvent.objects.filter(action="revision.sent_for_approval").count() == 3


@pytest.mark.django_db
def test_an_order_already_awaiting_approval_is_skipped_not_sent_twice(tra, officer):
    valid, _ = _drafts(tra, officer)
    send_batch_for_approval([valid[0]], officer)

    [batch] = send_batch_for_approval(Dtro.objects.filter(pk=valid[0].pk), officer)

    assert batch.done == 0
    assert batch.skipped == [
        {"reference": valid[0].reference, "why": "Only the current draft can be sent for approval."}
    ]


@pytest.mark.django_db
def test_orders_of_another_tra_are_left_out(tra, officer, other_tra, other_officer):
    theirs = draft_dtro(other_tra, other_officer, valid_document(other_tra))

    assert send_batch_for_approval(Dtro.objects.filter(pk=theirs.pk), officer) == []
    theirs.current_revision.refresh_from_db()
    assert theirs.current_revision.state == RevisionState.DRAFT
