"""An update touching a few provisions of a large order goes as provision-level calls, exactly
once, through the real runner and the sandbox over HTTP; otherwise the whole record goes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pytest
from big_orders import big_order, provision_copy
from delivery_helpers import approved_amendment, make_due
from factories import published_dtro

from dtro_app.client import DtroClient
from dtro_app.models import AttemptOutcome, Dtro, Submission, SubmissionState
from dtro_app.publishing.outbox import cancel
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall
from sandbox import faults
from sandbox.models import SandboxDtro, SandboxProvision

pytestmark = pytest.mark.django_db(transaction=True)

ADDED = [f"BIG-{index:06d}" for index in range(3, 20)]


def _provisions(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["data"]["source"]["provision"]


def _by_reference(data_or_document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    data = data_or_document.get("data", data_or_document)
    return {p["reference"]: p for p in data["source"]["provision"]}


def _add(count: int, start: int) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        template = _provisions(document)[0]
        for index in range(start, start + count):
            _provisions(document).append(provision_copy(template, index) | {"actionType": "new"})

    return change


def _reword(reference: str, words: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        provision = _by_reference(document)[reference]
        provision["provisionDescription"] = words
        provision["actionType"] = "amendment"

    return change


def _calls(submission: Submission, method: str, path_part: str) -> int:
    return OutboundCall.objects.filter(
        submission_id=submission.pk, method=method, path__contains=path_part
    ).count()


def _writes(submission: Submission) -> list[tuple[str, str]]:
    return list(
        OutboundCall.objects.filter(submission_id=submission.pk)
        .exclude(method="GET")
        .exclude(path__contains="oauth")
        .order_by("pk")
        .values_list("method", "path")
    )


def _record(dtro: Dtro) -> SandboxDtro:
    dtro.refresh_from_db()
    assert dtro.service_id is not None
    return SandboxDtro.objects.get(pk=dtro.service_id)


def _delivered(submission: Submission) -> Submission:
    result = deliver(submission.pk)
    submission.refresh_from_db()
    assert result.state == SubmissionState.SUCCEEDED, submission.last_error
    return submission


def _twenty_provisions(tra: Any, officer: Any, supervisor: Any) -> Dtro:
    """A published 3-provision order to which 17 provisions were added one by one."""
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    _delivered(approved_amendment(dtro, officer, supervisor, _add(17, 3)))
    dtro.refresh_from_db()
    return dtro


def test_added_provisions_go_in_one_call_then_one_put_changes_one_and_one_delete_removes_one(
    tra, officer, supervisor, sandbox_credential, officer_client
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    added = _delivered(approved_amendment(dtro, officer, supervisor, _add(17, 3)))

    assert _writes(added) == [("POST", f"/provisions/createFromBody?dtroId={dtro.service_id}")]
    dtro.refresh_from_db()
    held_ids = dict(
        SandboxProvision.objects.filter(dtro_id=dtro.service_id).values_list("reference", "pk")
    )
    assert dtro.provision_ids == {ref: str(held_ids[ref]) for ref in ADDED}
    message = added.history.last().message
    assert message == "Sent as 1 provision-level call: 17 provisions created"
    assert message in officer_client.get(dtro.get_absolute_url()).content.decode()
    assert len(_by_reference(_record(dtro).data)) == 20

    changed = _delivered(
        approved_amendment(
            dtro, officer, supervisor, _reword("BIG-000007", "No waiting, shortened")
        )
    )
    provision_id = dtro.provision_ids["BIG-000007"]
    assert _writes(changed) == [("PUT", f"/provisions/{provision_id}")]
    held = _by_reference(_record(dtro).data)
    sent = _by_reference(changed.revision.document)
    assert held["BIG-000007"] == sent["BIG-000007"]
    assert held.keys() == sent.keys()
    assert changed.history.last().message == "Sent as 1 provision-level call: 1 provision updated"

    removed = _delivered(
        approved_amendment(dtro, officer, supervisor, lambda d: _provisions(d).pop())  # BIG-000019
    )
    assert _writes(removed) == [("DELETE", f"/provisions/{dtro.provision_ids['BIG-000019']}")]
    assert "BIG-000019" not in _by_reference(_record(dtro).data)
    assert "BIG-000019" not in Dtro.objects.get(pk=dtro.pk).provision_ids
    assert len(Dtro.objects.get(pk=dtro.pk).provision_ids) == 16


def test_the_whole_record_goes_where_the_environment_does_not_offer_them_or_no_app_id(
    tra, officer, supervisor, sandbox_credential, settings
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"production"})
    first = _delivered(approved_amendment(dtro, officer, supervisor, _add(1, 3)))
    assert _writes(first) == [("PUT", f"/dtros/updateFromBody/{dtro.service_id}")]

    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"sandbox"})
    sandbox_credential.app_id = None
    sandbox_credential.save()
    second = _delivered(approved_amendment(dtro, officer, supervisor, _add(1, 4)))
    assert _writes(second) == [("PUT", f"/dtros/updateFromBody/{dtro.service_id}")]
    assert len(_by_reference(_record(dtro).data)) == 5


def test_an_unknown_outcome_is_checked_at_the_service_and_never_sent_twice(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)

    def add_one_and_reword_one(document: dict[str, Any]) -> None:
        _add(1, 20)(document)
        _reword("BIG-000010", "No waiting, moved")(document)

    update = approved_amendment(dtro, officer, supervisor, add_one_and_reword_one)
    # The create lands but its answer is a 503: its id is never known.
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(update.pk).state == SubmissionState.RETRY_WAIT
    assert update.history.last().outcome == AttemptOutcome.UNKNOWN
    assert _calls(update, "PUT", "/provisions/") == 0
    make_due(update)
    _delivered(update)

    assert _calls(update, "POST", "/provisions/createFromBody") == 1
    assert _calls(update, "PUT", "/provisions/") == 1
    assert _calls(update, "GET", f"/dtros/{dtro.service_id}") == 1
    held = _by_reference(_record(dtro).data)
    sent = _by_reference(update.revision.document)
    assert held.keys() == sent.keys()
    assert held["BIG-000010"] == sent["BIG-000010"] and held["BIG-000020"] == sent["BIG-000020"]
    dtro.refresh_from_db()
    assert "BIG-000020" not in dtro.provision_ids
    assert "BIG-000010" in dtro.provision_ids
    message = update.history.last().message
    assert message.startswith("Checked what the D-TRO service holds, then sent the rest as ")
    assert "1 provision was created by an earlier call whose answer was lost" in message


def test_a_stale_provision_id_sends_the_whole_record_in_the_same_run(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    # Another system removed a provision by its id; the id the portal kept is now unknown.
    DtroClient(sandbox_credential).delete_provision(dtro.provision_ids["BIG-000004"])
    update = _delivered(
        approved_amendment(dtro, officer, supervisor, _reword("BIG-000004", "Changed"))
    )

    assert _writes(update) == [
        ("PUT", f"/provisions/{dtro.provision_ids['BIG-000004']}"),
        ("PUT", f"/dtros/updateFromBody/{dtro.service_id}"),
    ]
    assert _record(dtro).data == update.revision.document["data"]
    assert Dtro.objects.get(pk=dtro.pk).provision_ids == {}
    assert "no longer knew the id" in update.history.last().message


def test_an_identical_provision_put_answered_409_is_taken_as_already_applied(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _reword("BIG-000012", "Changed"))
    # The call reached the service but its row never learned (a restored backup, say).
    provision = _by_reference(update.revision.document)["BIG-000012"]
    DtroClient(sandbox_credential).update_provision(dtro.provision_ids["BIG-000012"], provision)

    _delivered(update)
    assert OutboundCall.objects.filter(submission_id=update.pk, status=409).count() == 1
    assert update.history.last().outcome == AttemptOutcome.ADOPTED
    assert "already held by the service" in update.history.last().message


def test_a_change_outside_the_provisions_sends_the_whole_record_and_forgets_the_ids(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    assert len(dtro.provision_ids) == 17

    def rename_and_reword(document: dict[str, Any]) -> None:
        document["data"]["source"]["troName"] += " (amended)"
        _reword("BIG-000005", "Changed")(document)

    update = _delivered(approved_amendment(dtro, officer, supervisor, rename_and_reword))
    assert _writes(update) == [("PUT", f"/dtros/updateFromBody/{dtro.service_id}")]
    assert _record(dtro).data == update.revision.document["data"]
    assert Dtro.objects.get(pk=dtro.pk).provision_ids == {}
    assert "changes more than the provisions" in update.history.last().message


def test_a_cancel_after_a_provision_level_change_landed_records_it_as_published(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _reword("BIG-000008", "Changed"))
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(update.pk).state == SubmissionState.RETRY_WAIT

    cancel(update, user=supervisor, reason="approved by mistake")
    _delivered(update)
    assert _calls(update, "PUT", "/provisions/") == 1  # asked, never sent again
    last = update.history.last()
    assert last.outcome == AttemptOutcome.ADOPTED and "could not be cancelled" in last.message
    assert Dtro.objects.get(pk=dtro.pk).published_revision_id == update.revision_id


def test_ids_are_kept_as_soon_as_the_create_answers_though_a_later_call_goes_wrong(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)

    def add_one_and_reword_one(document: dict[str, Any]) -> None:
        _add(1, 20)(document)
        _reword("BIG-000011", "No waiting, moved")(document)

    update = approved_amendment(dtro, officer, supervisor, add_one_and_reword_one)
    # Half the writes lose their answer; this seed lets the create answer and not the PUT.
    seed = next(
        value
        for value in range(1000)
        if (draws := random.Random(value)).random() >= 0.5 and draws.random() < 0.5
    )
    faults.seed(seed)
    with faults.configure(error_5xx_after_rate=0.5):
        assert deliver(update.pk).state == SubmissionState.RETRY_WAIT
    assert "Before this, 1 provision created by provision-level calls" in (
        update.history.last().message
    )
    make_due(update)
    _delivered(update)

    assert _writes(update) == [
        ("POST", f"/provisions/createFromBody?dtroId={dtro.service_id}"),
        ("PUT", f"/provisions/{dtro.provision_ids['BIG-000011']}"),
    ]
    held_ids = dict(
        SandboxProvision.objects.filter(dtro_id=dtro.service_id).values_list("reference", "pk")
    )
    assert Dtro.objects.get(pk=dtro.pk).provision_ids["BIG-000020"] == str(held_ids["BIG-000020"])
    assert update.history.last().outcome == AttemptOutcome.ADOPTED


def _held_back_after_the_create(update: Submission, settings: Any) -> None:
    """Deliver with one request a second and no waiting for a slot: the create lands and
    the portal's own budget holds back the next call, which is never sent."""
    usual = (settings.DTRO_RATE_LIMIT_PER_MINUTE, settings.DTRO_RATE_BURST)
    settings.DTRO_RATE_LIMIT_PER_MINUTE, settings.DTRO_RATE_BURST = 60, 1
    settings.DTRO_RATE_MAX_WAIT_SECONDS = 0.2
    assert deliver(update.pk).state == SubmissionState.RETRY_WAIT
    settings.DTRO_RATE_LIMIT_PER_MINUTE, settings.DTRO_RATE_BURST = usual
    time.sleep(1.1)  # the booked slot passes
    assert _calls(update, "POST", "/provisions/createFromBody") == 1
    assert _calls(update, "PUT", "/provisions/") == 0


def _add_one_and_reword(reference: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        _add(1, 20)(document)
        _reword(reference, "No waiting, moved")(document)

    return change


def test_a_run_held_back_after_a_call_landed_counts_and_the_next_one_looks_first(
    tra, officer, supervisor, sandbox_credential, settings
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _add_one_and_reword("BIG-000013"))
    _held_back_after_the_create(update, settings)
    first = update.history.last()
    assert first.outcome == AttemptOutcome.UNKNOWN
    assert "part of the change has reached the service" in first.message
    assert "Before this, 1 provision created" in first.message
    make_due(update)
    _delivered(update)

    assert _calls(update, "POST", "/provisions/createFromBody") == 1
    assert _calls(update, "PUT", "/provisions/") == 1
    assert _calls(update, "GET", f"/dtros/{dtro.service_id}") == 1


def test_a_cancel_after_part_of_a_provision_level_change_landed_sends_the_rest(
    tra, officer, supervisor, sandbox_credential, settings
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _add_one_and_reword("BIG-000014"))
    _held_back_after_the_create(update, settings)

    cancel(update, user=supervisor, reason="approved by mistake")
    update.refresh_from_db()
    assert update.cancel_requested_at is not None  # not cancelled at once: checking first
    _delivered(update)
    assert _calls(update, "POST", "/provisions/createFromBody") == 1
    assert _calls(update, "PUT", "/provisions/") == 1
    held = _by_reference(_record(dtro).data)
    assert held["BIG-000014"] == _by_reference(update.revision.document)["BIG-000014"]
    last = update.history.last()
    assert last.outcome == AttemptOutcome.ADOPTED
    assert "part of it had landed, so the rest was sent" in last.message


def test_an_amendment_that_only_marks_provisions_unchanged_sends_nothing(
    tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    update = _delivered(approved_amendment(dtro, officer, supervisor, lambda document: None))
    assert _writes(update) == []
    last = update.history.last()
    assert last.outcome == AttemptOutcome.ADOPTED
    assert last.message == "Nothing sent: the version the service holds has the same content"
