"""The service refuses a comingIntoForceDate after today. An order approved ahead of its day
is advice to the officer, waits in the outbox unsent, and goes when the day comes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from factories import approved_submission, valid_document

from dtro_app.models import Submission, SubmissionState
from dtro_app.publishing.outbox import sweep
from dtro_app.publishing.runner import deliver
from dtro_validation import validate_document
from outbound.models import OutboundCall
from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db(transaction=True)


def _coming_into_force(authority, day: str) -> dict:
    document = valid_document(authority)
    document["data"]["source"]["comingIntoForceDate"] = day
    for provision in document["data"]["source"]["provision"]:
        provision["comingIntoForceDate"] = day
    return document


def test_a_future_day_is_advice_that_does_not_block(tra):
    report = validate_document(_coming_into_force(tra, "2099-01-01"), tra_code=tra.code)

    assert report.is_valid
    found = [i for i in report.issues if i.code == "coming_into_force_in_future"]
    assert found and all(issue.is_advice for issue in found)
    assert "holds its delivery until then" in found[0].message


def test_it_waits_unsent_then_goes_on_its_day(tra, officer, supervisor, sandbox_credential, client):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    submission = approved_submission(
        tra, officer, supervisor, _coming_into_force(tra, tomorrow.isoformat())
    )

    deliver(submission.pk)

    held = Submission.objects.get(pk=submission.pk)
    assert held.state == SubmissionState.QUEUED
    assert held.attempts == 0
    assert held.next_attempt_at == datetime.combine(
        tomorrow, datetime.min.time(), tzinfo=UTC
    ) + timedelta(minutes=1)
    assert held.window_started_at == held.next_attempt_at  # the age limit starts then
    assert f"Held until {tomorrow:%-d %B %Y}" in held.last_error
    assert not OutboundCall.objects.filter(submission_id=submission.pk).exists()
    assert not SandboxDtro.objects.exists()
    assert sweep() == []  # not due yet
    client.force_login(officer)
    page = client.get(held.dtro.get_absolute_url()).content.decode()
    assert f"Held until {tomorrow:%-d %B %Y}" in page

    with time_machine.travel(held.next_attempt_at + timedelta(seconds=5), tick=True):
        assert submission.pk in sweep()  # the sweeper finds it due
        result = deliver(submission.pk)

    assert result.state == SubmissionState.SUCCEEDED
    assert SandboxDtro.objects.count() == 1


def test_the_sandbox_still_refuses_it_before_its_day(tra, sandbox_credential):
    from dtro_app.client import DtroClient, PermanentError

    with pytest.raises(PermanentError) as refused:
        DtroClient(sandbox_credential).create_from_body(_coming_into_force(tra, "2099-01-01"))

    assert refused.value.status == 400
    assert "comingIntoForceDate" in " ".join(issue.path for issue in refused.value.issues)
