"""Orders bigger than the gateway's limits, through the real runner and the sandbox over HTTP:
over 10 MB of JSON goes gzipped in one createFromFile; too large even gzipped is created in
parts each under the limit (exactly once across runs); a huge update with no provision-level
endpoints is refused before anything is sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from big_orders import big_order, provision_copy
from delivery_helpers import lose_the_answer_to_provision_call, make_due
from factories import approved_submission, published_dtro

from dtro_app.approvals.services import approve
from dtro_app.client import DtroClient
from dtro_app.drafting.services import save_draft, send_for_approval
from dtro_app.models import AttemptOutcome, Dtro, RevisionOrigin, SubmissionState
from dtro_app.publishing import sizing
from dtro_app.publishing.outbox import cancel
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall
from sandbox import faults
from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db(transaction=True)

# Provisions of big_orders weigh about 1.6 KB each as the client sends them.
ELEVEN_MB = 7_000


def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits of 100 KB per request and 150 KB inflated: the logic of 10 MB and 25 MB on
    orders of a few hundred provisions, not 30 MB ones. The sandbox's own 10 MB still holds."""
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 150 * 1024)


def _writes(submission_id: int) -> list[tuple[str, str]]:
    return list(
        OutboundCall.objects.filter(submission_id=submission_id)
        .exclude(method="GET")
        .exclude(path__contains="oauth")
        .exclude(path__contains="search")
        .order_by("pk")
        .values_list("method", "path")
    )


def _held(dtro_id: int) -> dict[str, Any]:
    dtro = Dtro.objects.get(pk=dtro_id)
    assert dtro.service_id is not None
    return SandboxDtro.objects.get(pk=dtro.service_id).data


def _references(data: dict[str, Any]) -> list[str]:
    return [p["reference"] for p in data["source"]["provision"]]


def test_an_order_over_ten_megabytes_goes_gzipped_in_one_create_from_file(
    tra, officer, supervisor, sandbox_credential
):
    document = big_order(tra, ELEVEN_MB)
    way = sizing.choose(document)
    assert way.kind == sizing.GZIP and way.json_bytes > sizing.MAX_BODY_BYTES
    submission = approved_submission(tra, officer, supervisor, document)

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert _writes(submission.pk) == [("POST", "/dtros/createFromFile")]
    assert _held(submission.dtro_id) == document["data"]
    message = submission.history.last().message
    assert message.startswith("Sent gzipped: ") and " MB of JSON as " in message


def test_an_order_too_large_even_gzipped_is_created_in_parts_each_under_the_limit(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    small_limits(monkeypatch)
    document = big_order(tra, 150)
    way = sizing.choose(document)
    assert way.kind == sizing.PARTS and way.parts == 3
    submission = approved_submission(tra, officer, supervisor, document)

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    writes = _writes(submission.pk)
    assert writes[0] == ("POST", "/dtros/createFromBody")
    assert [path.split("?")[0] for _, path in writes[1:]] == ["/provisions/createFromBody"] * 2
    held = _held(submission.dtro_id)
    assert held == document["data"]
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    first_part = len(sizing.split_for_create(document).first["data"]["source"]["provision"])
    assert set(dtro.provision_ids) == set(_references(document["data"])[first_part:])
    assert submission.history.last().message.startswith("Created in 3 parts")


def test_an_unknown_outcome_mid_parts_resumes_without_duplicates(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    small_limits(monkeypatch)
    document = big_order(tra, 150)
    submission = approved_submission(tra, officer, supervisor, document)

    # The first part lands but its answer is lost: a 503 after the service committed.
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    assert submission.history.last().outcome == AttemptOutcome.UNKNOWN
    assert SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False).count() == 1
    make_due(submission)

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    records = SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False)
    assert records.count() == 1
    assert records.get().data == document["data"]
    creates = [w for w in _writes(submission.pk) if w[1] == "/dtros/createFromBody"]
    assert len(creates) == 1
    assert submission.history.last().message.startswith(
        "Checked with the D-TRO service: the record's first part was already created"
    )


def test_a_failure_after_the_first_provision_call_sends_only_the_rest(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    small_limits(monkeypatch)
    document = big_order(tra, 200)
    submission = approved_submission(tra, officer, supervisor, document)
    # The second provision-level call lands at the sandbox, then its answer is a 503.
    sent = lose_the_answer_to_provision_call(monkeypatch, 2)
    assert sizing.choose(document).parts == 4
    assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    make_due(submission)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED

    assert _held(submission.dtro_id) == document["data"]
    assert len(sent) == 3  # the lost one is not sent again
    assert [w[1] for w in _writes(submission.pk)].count("/dtros/createFromBody") == 1
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    split = sizing.split_for_create(document)
    assert split is not None
    lost = {p["reference"] for p in split.batches[1]}
    assert lost.isdisjoint(dtro.provision_ids)  # the service never told us those ids
    assert {p["reference"] for p in split.batches[2]} <= set(dtro.provision_ids)


def test_a_huge_update_without_provision_level_endpoints_is_refused_before_sending(
    tra, officer, supervisor, sandbox_credential, monkeypatch, settings
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"production"})
    small_limits(monkeypatch)
    assert dtro.published_revision is not None
    document = copy.deepcopy(dtro.published_revision.document)
    template = document["data"]["source"]["provision"][0]
    for index in range(3, 150):
        document["data"]["source"]["provision"].append(
            provision_copy(template, index) | {"actionType": "new"}
        )
    revision = save_draft(dtro, user=officer, document=document, origin=RevisionOrigin.AMEND)
    send_for_approval(revision, user=officer)
    update = approve(revision, user=supervisor)

    assert deliver(update.pk).state == SubmissionState.REJECTED
    assert _writes(update.pk) == []
    update.refresh_from_db()
    assert "too large for the D-TRO service" in update.last_error
    assert "Shrink it" in update.last_error


def test_an_order_too_large_with_no_provision_level_endpoints_is_refused_before_sending(
    tra, officer, supervisor, sandbox_credential, monkeypatch, settings
):
    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"production"})
    small_limits(monkeypatch)
    submission = approved_submission(tra, officer, supervisor, big_order(tra, 150))

    assert deliver(submission.pk).state == SubmissionState.REJECTED
    assert _writes(submission.pk) == []
    submission.refresh_from_db()
    assert submission.last_error.startswith("This order is too large for the D-TRO service")
    assert not SandboxDtro.objects.filter(tra_creator=tra.code).exists()


def test_a_huge_update_goes_as_provision_level_calls_each_under_the_limit(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    small_limits(monkeypatch)
    assert dtro.published_revision is not None
    document = copy.deepcopy(dtro.published_revision.document)
    for provision in document["data"]["source"]["provision"]:
        provision["actionType"] = "noChange"
    template = document["data"]["source"]["provision"][0]
    for index in range(3, 150):
        document["data"]["source"]["provision"].append(
            provision_copy(template, index) | {"actionType": "new"}
        )
    revision = save_draft(dtro, user=officer, document=document, origin=RevisionOrigin.AMEND)
    send_for_approval(revision, user=officer)
    update = approve(revision, user=supervisor)

    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    writes = _writes(update.pk)
    assert len(writes) >= 3
    assert all(path.startswith("/provisions/createFromBody") for _, path in writes)
    held = _held(dtro.pk)
    assert _references(held) == _references(document["data"])
    assert Dtro.objects.get(pk=dtro.pk).provision_ids.keys() == {
        f"BIG-{index:06d}" for index in range(3, 150)
    }
    assert f"Sent as {len(writes)} provision-level calls: 147 provisions created" in (
        update.history.last().message
    )


def test_an_update_over_the_limit_goes_gzipped_in_one_update_from_file(
    tra, officer, supervisor, sandbox_credential, monkeypatch, settings
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"production"})
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)  # 25 MB inflated as ever
    assert dtro.published_revision is not None
    document = copy.deepcopy(dtro.published_revision.document)
    template = document["data"]["source"]["provision"][0]
    for index in range(3, 150):
        document["data"]["source"]["provision"].append(
            provision_copy(template, index) | {"actionType": "new"}
        )
    revision = save_draft(dtro, user=officer, document=document, origin=RevisionOrigin.AMEND)
    send_for_approval(revision, user=officer)
    update = approve(revision, user=supervisor)

    assert deliver(update.pk).state == SubmissionState.SUCCEEDED
    assert _writes(update.pk) == [("PUT", f"/dtros/updateFromFile/{dtro.service_id}")]
    assert _held(dtro.pk) == document["data"]
    assert update.history.last().message.startswith("Sent gzipped: ")


def test_a_thirty_megabyte_order_is_created_in_four_parts_at_the_real_limits(
    tra, officer, supervisor, sandbox_credential
):
    document = big_order(tra, 20_000)  # 30 MB of JSON, 28.7 MB compact: past 25 MB inflated
    way = sizing.choose(document)
    assert way.kind == sizing.PARTS and way.parts == 4
    submission = approved_submission(tra, officer, supervisor, document)

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    writes = [path.split("?")[0] for _, path in _writes(submission.pk)]
    assert writes == ["/dtros/createFromBody"] + ["/provisions/createFromBody"] * 3
    assert _held(submission.dtro_id) == document["data"]
    assert submission.history.last().message == (
        "Created in 4 parts: the record, then 3 provision-level calls adding 13,340 provisions"
    )


def test_a_cancel_after_part_of_the_order_landed_sends_the_rest_instead(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    small_limits(monkeypatch)
    document = big_order(tra, 200)
    submission = approved_submission(tra, officer, supervisor, document)
    add_provisions = DtroClient.create_provisions
    sent: list[int] = []

    def second_refused_unapplied(client: DtroClient, dtro_id: Any, provisions: list[Any]) -> Any:
        # A 429: plainly not applied (a 5xx to a write would already be an unknown outcome).
        sent.append(len(provisions))
        if len(sent) != 2:
            return add_provisions(client, dtro_id, provisions)
        with faults.configure(rate_429_rate=1.0):
            return add_provisions(client, dtro_id, provisions)

    monkeypatch.setattr(DtroClient, "create_provisions", second_refused_unapplied)
    assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT
    submission.refresh_from_db()
    # Part of the order is at the service: a cancel must ask it first, not just stop.
    assert submission.needs_reconciliation
    cancel(submission, user=supervisor, reason="no longer needed")

    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    assert _held(submission.dtro_id) == document["data"]
    assert SandboxDtro.objects.filter(tra_creator=tra.code, deleted=False).count() == 1
    assert "part of it had landed, so the rest was sent" in submission.history.last().message
