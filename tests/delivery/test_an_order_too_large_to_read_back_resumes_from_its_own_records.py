"""The live gateway cannot send back a record over 10 MB: GET answers 502 TooBigBody (D-TRO
issue #118); the sandbox does the same. An order created in parts is such a record, so a run
that resumes it works from the portal's own records, exactly once; and the first part is cut
small enough to be read back, so a lost answer to it is still found.

Through the real runner and the sandbox over HTTP, at limits of 100 KB (requests and answers)
so that orders of a few hundred provisions behave as 10 MB ones do. A delete whose answer was
lost, of a record too large to read, is sent again: the record is plainly still there."""

from __future__ import annotations

from typing import Any

import pytest
from big_orders import big_order
from delivery_helpers import lose_the_answer_to_provision_call, make_due
from factories import approved_submission

from dtro_app.approvals.services import approve
from dtro_app.client import DtroClient
from dtro_app.client.errors import ApiError, PermanentError, too_large_to_read
from dtro_app.drafting.services import request_deletion
from dtro_app.models import Dtro, DtroStatus, SubmissionState
from dtro_app.publishing import sizing
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall
from sandbox import faults
from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 100 * 1024


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", LIMIT)
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 150 * 1024)
    settings.SANDBOX_MAX_RESPONSE_BYTES = LIMIT


def _provision_calls(submission_id: int) -> list[int]:
    """Status of each provision-level create the submission made, in order."""
    return list(
        OutboundCall.objects.filter(
            submission_id=submission_id, path__startswith="/provisions/createFromBody"
        )
        .order_by("pk")
        .values_list("status", flat=True)
    )


def _held(dtro_id: int) -> dict[str, Any]:
    service_id = Dtro.objects.get(pk=dtro_id).service_id
    return SandboxDtro.objects.get(pk=service_id).data


def test_the_sandbox_will_not_send_back_a_record_over_the_limit(
    tra, officer, supervisor, sandbox_credential, small_limits
):
    submission = approved_submission(tra, officer, supervisor, big_order(tra, 200))
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    service_id = Dtro.objects.get(pk=submission.dtro_id).service_id

    with pytest.raises(ApiError) as refused:
        DtroClient(sandbox_credential).get(service_id)
    assert refused.value.status == 502 and too_large_to_read(refused.value)
    # Asking again cannot help: not a transient failure to retry for days.
    assert isinstance(refused.value, PermanentError)
    assert "cannot send it back: it is over 10 MB" in refused.value.message


def test_a_lost_answer_mid_parts_is_resumed_without_reading_the_record(
    tra, officer, supervisor, sandbox_credential, small_limits, monkeypatch
):
    document = big_order(tra, 200)
    submission = approved_submission(tra, officer, supervisor, document)
    # The second provision-level call lands at the sandbox, then its answer is a 503.
    lose_the_answer_to_provision_call(monkeypatch, 2)
    assert sizing.choose(document).parts == 4
    assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED

    # The record could not be read back (a 502 on GET), yet it holds the order exactly once.
    reads = OutboundCall.objects.filter(submission_id=submission.pk, method="GET")
    assert 502 in set(reads.values_list("status", flat=True))
    assert _held(submission.dtro_id) == document["data"]
    # First run: call 1 answered, call 2 landed unanswered. Second run: call 2 again, refused
    # for references already held (so it had landed), then call 3.
    assert _provision_calls(submission.pk) == [201, 503, 400, 201]
    message = submission.history.last().message
    assert "too large for it to send back" in message
    assert "1 earlier call had landed" in message


def test_a_lost_answer_to_the_first_part_finds_the_record_it_made(
    tra, officer, supervisor, sandbox_credential, small_limits
):
    document = big_order(tra, 200)
    submission = approved_submission(tra, officer, supervisor, document)

    # The first part lands, its answer is lost: its id is unknown and must be searched for,
    # so the record it made must be small enough to be read back.
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED

    assert SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False).count() == 1
    assert _held(submission.dtro_id) == document["data"]
    assert submission.history.last().message.startswith(
        "Checked with the D-TRO service: the record's first part was already created"
    )


def test_a_lost_delete_of_a_record_too_large_to_read_is_sent_again(
    tra, officer, supervisor, sandbox_credential, settings
):
    create = approved_submission(tra, officer, supervisor)
    assert deliver(create.pk).state == SubmissionState.SUCCEEDED
    deletion = approve(request_deletion(create.dtro, user=officer), user=supervisor)
    settings.SANDBOX_MAX_RESPONSE_BYTES = 1000  # this record is now too large to send back

    # A 5xx before the delete applied: to the portal, the outcome is unknown.
    with faults.configure(error_5xx_rate=1.0):
        assert deliver(deletion.pk).state == SubmissionState.RETRY_WAIT
    make_due(deletion)
    assert deliver(deletion.pk).state == SubmissionState.SUCCEEDED

    assert not SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False).exists()
    assert Dtro.objects.get(pk=create.dtro_id).status == DtroStatus.DELETED


def test_a_lost_answer_to_a_gzipped_create_is_matched_without_reading_the_record(
    tra, officer, supervisor, sandbox_credential, small_limits
):
    document = big_order(tra, 70)  # over 100 KB as sent, under 150 KB compact
    assert sizing.choose(document).kind == sizing.GZIP
    submission = approved_submission(tra, officer, supervisor, document)

    # The gzipped create lands, its answer is lost; the record cannot be read back to compare.
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED

    [record] = SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False)
    assert Dtro.objects.get(pk=submission.dtro_id).service_id == record.pk
    reads = OutboundCall.objects.filter(submission_id=submission.pk, method="GET")
    assert 502 in set(reads.values_list("status", flat=True))
    creates = OutboundCall.objects.filter(
        submission_id=submission.pk, path__startswith="/dtros/createFromFile"
    )
    assert creates.count() == 1


def test_two_records_too_large_to_compare_are_left_to_a_person(
    tra, officer, supervisor, sandbox_credential, small_limits
):
    document = big_order(tra, 70)
    submission = approved_submission(tra, officer, supervisor, document)
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    # Meanwhile another system publishes a record of the same name, as large.
    other = big_order(tra, 71)
    other["data"]["source"]["troName"] = document["data"]["source"]["troName"]
    DtroClient(sandbox_credential).create_from_body(other)
    make_due(submission)

    assert deliver(submission.pk).state == SubmissionState.FAILED
    assert SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False).count() == 2
    assert "2 records that may be this order" in submission.history.last().message
    submission.refresh_from_db()
    assert submission.needs_reconciliation  # a retry or a cancel asks the service first
