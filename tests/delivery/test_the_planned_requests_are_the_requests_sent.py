"""What a change's approval plans (`Submission.planned_requests`, which the delivery estimate
sums) is what the real runner then sends to the sandbox over HTTP: a create in parts one
request a part, an update provision by provision one a call; when the runner plans
otherwise (the whole record after all), the row says so while it is still pending."""

from __future__ import annotations

from typing import Any

import pytest
from big_orders import big_order, provision_copy
from delivery_helpers import approved_amendment
from factories import approved_submission, published_dtro

from dtro_app.models import Dtro, Submission, SubmissionState
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.publishing import sizing
from dtro_app.publishing.pacing import requests_left
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def _writes(submission: Submission) -> list[tuple[str, str]]:
    return list(
        OutboundCall.objects.filter(submission_id=submission.pk)
        .exclude(method="GET")
        .exclude(path__contains="oauth")
        .exclude(path__contains="search")
        .order_by("pk")
        .values_list("method", "path")
    )


def _pending_requests() -> int:
    return requests_left(Submission.objects.filter(state__in=PENDING_STATES))


def _provisions(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["data"]["source"]["provision"]


def _delivered(submission: Submission) -> Submission:
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    submission.refresh_from_db()
    return submission


def _add_seventeen(document: dict[str, Any]) -> None:
    template = _provisions(document)[0]
    for index in range(3, 20):
        _provisions(document).append(provision_copy(template, index) | {"actionType": "new"})


def _reword_two_and_remove_one(document: dict[str, Any]) -> None:
    for provision in _provisions(document):
        if provision["reference"] in ("BIG-000005", "BIG-000006"):
            provision["provisionDescription"] = "No waiting, shortened"
            provision["actionType"] = "amendment"
    _provisions(document).pop()  # BIG-000019


def _twenty_provisions(tra: Any, officer: Any, supervisor: Any) -> Dtro:
    """Published with 3 provisions, then 17 added one by one: the service told their ids."""
    dtro = published_dtro(tra, officer, supervisor, big_order(tra, 3))
    _delivered(approved_amendment(dtro, officer, supervisor, _add_seventeen))
    dtro.refresh_from_db()
    assert len(dtro.provision_ids) == 17
    return dtro


def test_a_provision_level_update_counts_its_three_calls_and_sends_three(
    tra, officer, supervisor, sandbox_credential
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _reword_two_and_remove_one)

    assert update.planned_requests == 3
    assert _pending_requests() == 3
    _delivered(update)
    assert [method for method, _ in _writes(update)] == ["PUT", "PUT", "DELETE"]
    assert update.planned_requests == 3
    assert _pending_requests() == 0


def test_an_update_the_runner_sends_whole_is_recounted_as_one_request(
    tra, officer, supervisor, sandbox_credential, settings
):
    dtro = _twenty_provisions(tra, officer, supervisor)
    update = approved_amendment(dtro, officer, supervisor, _reword_two_and_remove_one)
    assert update.planned_requests == 3

    # Provision-level calls withdrawn before it is sent; its answer is lost, so it waits.
    settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset({"production"})
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(update.pk).state == SubmissionState.RETRY_WAIT

    assert _writes(update) == [("PUT", f"/dtros/updateFromBody/{dtro.service_id}")]
    update.refresh_from_db()
    assert update.planned_requests == 1
    assert _pending_requests() == 1


def _small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits of 100 KB and 150 KB inflated: a 200-provision order needs 4 parts."""
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 150 * 1024)


def test_a_create_in_four_parts_is_planned_as_four_requests_and_sent_in_four(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    _small_limits(monkeypatch)
    submission = approved_submission(tra, officer, supervisor, big_order(tra, 200))

    assert submission.planned_requests == 4
    assert _pending_requests() == 4
    _delivered(submission)
    assert len(_writes(submission)) == 4


def test_a_create_the_runner_sends_in_parts_after_all_is_recounted(
    tra, officer, supervisor, sandbox_credential, monkeypatch
):
    _small_limits(monkeypatch)
    app_id = sandbox_credential.app_id
    sandbox_credential.app_id = None  # no provision-level calls: it would be refused
    sandbox_credential.save()
    submission = approved_submission(tra, officer, supervisor, big_order(tra, 200))
    assert submission.planned_requests == 1

    sandbox_credential.app_id = app_id
    sandbox_credential.save()
    # The first part lands but its answer is lost: the rest waits for the next run.
    with faults.configure(error_5xx_after_rate=1.0):
        assert deliver(submission.pk).state == SubmissionState.RETRY_WAIT

    submission.refresh_from_db()
    assert submission.planned_requests == 4
    assert _pending_requests() == 4
