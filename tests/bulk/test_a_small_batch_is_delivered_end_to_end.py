"""End to end over HTTP: drafts sent for approval together, approved together, fed by the
outbox to the (eager) workers, published by the sandbox; the batch's estimate counts them,
and the summary before approving counts each kind of change."""

from __future__ import annotations

import pytest
from factories import amendment_awaiting_approval, draft_dtro, published_dtro, valid_document

from dtro_app.approvals.bulk import awaiting, start_decision, summarise_batch
from dtro_app.drafting.bulk import send_batch_for_approval
from dtro_app.drafting.revocation import build_revocation
from dtro_app.drafting.services import request_deletion, save_draft, send_for_approval
from dtro_app.labels import label
from dtro_app.models import RevisionOrigin, Submission, SubmissionState
from dtro_app.publishing import batch_feed
from dtro_app.publishing.pacing import batch_estimate

pytestmark = pytest.mark.django_db(transaction=True)


def held_by_sandbox(authority):
    from sandbox.models import SandboxDtro

    return list(SandboxDtro.objects.filter(tra_creator=authority.code, deleted=False))


def test_three_drafts_are_published_as_one_batch(
    tra, officer, supervisor, sandbox_credential, deliver_immediately
):
    drafts = [draft_dtro(tra, officer, valid_document(tra, name_suffix=f" {i}")) for i in range(3)]
    send_batch_for_approval(drafts, officer)
    [batch] = start_decision(supervisor, awaiting(supervisor), approve_them=True)
    assert batch_estimate(batch).sentence.startswith("0 of 3 published; ")

    fed = batch_feed.feed()  # the beat's feeder; eager workers deliver each at once

    assert len(fed) == 3
    states = set(Submission.objects.filter(batch=batch).values_list("state", flat=True))
    assert states == {SubmissionState.SUCCEEDED}
    assert len(held_by_sandbox(tra)) == 3
    assert batch_estimate(batch).sentence == "3 of 3 published"


def test_the_summary_counts_each_kind_of_change_and_regulation(
    tra, officer, supervisor, sandbox_credential
):
    amendment_awaiting_approval(tra, officer, supervisor)
    to_revoke = published_dtro(tra, officer, supervisor, valid_document(tra, name_suffix=" r"))
    revocation = build_revocation(to_revoke.published_revision.document, full=True)
    send_for_approval(
        save_draft(to_revoke, user=officer, document=revocation, origin=RevisionOrigin.REVOKE),
        user=officer,
    )
    to_delete = published_dtro(tra, officer, supervisor, valid_document(tra, name_suffix=" d"))
    request_deletion(to_delete, user=officer)
    send_batch_for_approval(
        [draft_dtro(tra, officer, valid_document(tra, name_suffix=" n"))], officer
    )

    summary = summarise_batch(supervisor, awaiting(supervisor))

    assert summary.orders == 4
    assert summary.action_counts == [
        ("Creates", 1),
        ("Amendments", 1),
        ("Revocations", 1),
        ("Deletions", 1),
    ]
    assert summary.provisions == 4  # the example order has one provision
    kerbside = label("kerbsideLimitedWaiting", "regulationType")
    assert summary.regulation_counts == [(kerbside, 4)]
    assert summary.own == [] and summary.with_errors == []
