"""A D-TRO the service never accepted (every create rejected or cancelled) can be discarded;
one the service may hold (a create being sent, or failed with an unknown outcome, or
published) cannot, and the officer is told why."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from factories import approved_submission, published_dtro, sandbox_credential_for, valid_document

from dtro_app.drafting import services as drafts
from dtro_app.models import (
    AuditEvent,
    ChangeAction,
    Dtro,
    DtroStatus,
    RevisionOrigin,
    RevisionState,
    Submission,
    SubmissionAttempt,
    SubmissionState,
)
from dtro_app.models.status import refresh_status
from dtro_app.publishing import outbox
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db


def _delete_url(dtro: Any) -> str:
    return reverse("dtro_app:dtro_delete", args=[dtro.pk])


def _rejected_by_the_service(tra: Any, other_tra: Any, officer: Any, supervisor: Any, url: str):
    """A create sent to the sandbox and refused there: sent under another TRA's app, the
    service says the D-TRO is not that TRA's to create."""
    sandbox_credential_for(tra, url)
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        credential=sandbox_credential_for(other_tra, url)
    )
    assert deliver(submission.pk).state == SubmissionState.REJECTED
    return Dtro.objects.get(pk=submission.dtro_id), submission


def _settle(submission: Submission, state: str) -> Dtro:
    """Leave the outbox row where the runner leaves it in `state` (pending or failed)."""
    Submission.objects.filter(pk=submission.pk).update(state=state, attempts=5)
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    refresh_status(dtro)
    return dtro


@pytest.mark.django_db(transaction=True)
def test_a_create_the_service_rejected_is_discarded_and_the_record_kept(
    client, tra, other_tra, officer, supervisor, sandbox_url
):
    dtro, submission = _rejected_by_the_service(tra, other_tra, officer, supervisor, sandbox_url)
    assert dtro.status == DtroStatus.REJECTED
    calls = OutboundCall.objects.filter(submission_id=submission.pk).count()
    assert calls >= 1
    client.force_login(officer)

    page = client.get(_delete_url(dtro)).content.decode()
    assert "Discard this D-TRO?" in page
    assert "never accepted it" in page
    response = client.post(_delete_url(dtro), follow=True)

    assert f"Draft {dtro.reference} has been discarded." in response.content.decode()
    assert not Dtro.objects.filter(pk=dtro.pk).exists()
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert not SubmissionAttempt.objects.filter(submission_id=submission.pk).exists()
    assert OutboundCall.objects.filter(submission_id=submission.pk).count() == calls
    event = AuditEvent.objects.get(action="dtro.discarded")
    assert event.actor == officer
    assert event.target_id == str(dtro.pk)
    assert "never accepted" in event.summary and "rejected" in event.summary
    assert event.before["reference"] == dtro.reference
    assert event.before["name"] == dtro.name
    [kept] = event.before["submissions"]
    assert kept["id"] == submission.pk
    assert (kept["action"], kept["state"]) == (ChangeAction.CREATE, SubmissionState.REJECTED)
    assert kept["errors"]


def test_a_create_a_supervisor_cancelled_is_discarded(officer_client, tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    outbox.cancel(submission, user=supervisor, reason="Sent by mistake")

    response = officer_client.post(_delete_url(submission.dtro), follow=True)

    assert "has been discarded" in response.content.decode()
    assert not Dtro.objects.filter(pk=submission.dtro_id).exists()
    event = AuditEvent.objects.get(action="dtro.discarded")
    [kept] = event.before["submissions"]
    assert kept["state"] == SubmissionState.CANCELLED
    assert kept["cancel_reason"] == "Sent by mistake"


def test_a_create_that_failed_with_an_unknown_outcome_cannot_be_discarded(
    officer_client, tra, officer, supervisor
):
    submission = approved_submission(tra, officer, supervisor)
    dtro = _settle(submission, SubmissionState.FAILED)
    reason = "A supervisor must retry or cancel the failed submission first."

    detail = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert reason in detail
    assert _delete_url(dtro) not in detail
    page = officer_client.get(_delete_url(dtro)).content.decode()
    assert "You cannot discard this D-TRO yet" in page and reason in page
    assert "Discard D-TRO</button>" not in page and "Discard draft</button>" not in page
    response = officer_client.post(_delete_url(dtro), follow=True)

    assert reason in response.content.decode()
    assert Dtro.objects.filter(pk=dtro.pk).exists()
    assert Submission.objects.filter(pk=submission.pk, state=SubmissionState.FAILED).exists()
    assert not AuditEvent.objects.filter(action="dtro.discarded").exists()


def test_a_create_being_sent_cannot_be_discarded(officer_client, tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    for state in (SubmissionState.QUEUED, SubmissionState.SENDING, SubmissionState.RETRY_WAIT):
        dtro = _settle(submission, state)
        assert "it is being sent" in officer_client.get(dtro.get_absolute_url()).content.decode()
        response = officer_client.post(_delete_url(dtro), follow=True)
        assert "while it is being sent to the D-TRO service" in response.content.decode(), state
        assert Dtro.objects.filter(pk=dtro.pk).exists()
    with pytest.raises(drafts.DraftingError):
        drafts.delete_draft(dtro, user=officer)


@pytest.mark.django_db(transaction=True)
def test_a_published_dtro_still_goes_through_a_deletion_request(
    client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    with pytest.raises(drafts.DraftingError, match="request its deletion"):
        drafts.delete_draft(dtro, user=officer)
    client.force_login(officer)

    client.post(_delete_url(dtro), {"note": "Revoked on paper."})

    dtro.refresh_from_db()
    assert dtro.current_revision.action == ChangeAction.DELETE
    assert dtro.current_revision.state == RevisionState.AWAITING_APPROVAL
    assert not AuditEvent.objects.filter(action="dtro.discarded").exists()


def test_the_dtro_page_offers_discard_when_the_only_create_was_rejected(
    officer_client, tra, officer, supervisor
):
    submission = approved_submission(tra, officer, supervisor)
    dtro = _settle(submission, SubmissionState.REJECTED)

    page = officer_client.get(dtro.get_absolute_url()).content.decode()

    assert f'href="{_delete_url(dtro)}">Discard this D-TRO</a>' in page
    assert "The D-TRO service never accepted this D-TRO" in page
    assert "Delete from the D-TRO service" not in page


def test_a_rejected_only_dtro_cannot_be_sent_for_deletion(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    dtro = _settle(submission, SubmissionState.REJECTED)

    with pytest.raises(drafts.DraftingError, match="discard it instead"):
        drafts.request_deletion(dtro, user=officer)


def test_an_officer_of_another_tra_gets_a_404(client, tra, officer, supervisor, other_officer):
    submission = approved_submission(tra, officer, supervisor)
    dtro = _settle(submission, SubmissionState.REJECTED)
    client.force_login(other_officer)

    assert client.get(_delete_url(dtro)).status_code == 404
    assert client.post(_delete_url(dtro)).status_code == 404
    assert client.get(dtro.get_absolute_url()).status_code == 404
    assert Dtro.objects.filter(pk=dtro.pk).exists()


def _edit_json(client: Any, dtro: Dtro, name: str) -> Any:
    document = valid_document(dtro.authority, name_suffix=name)
    client.post(
        reverse("dtro_app:dtro_edit_json", args=[dtro.pk]), {"document": json.dumps(document)}
    )
    dtro.refresh_from_db()
    return dtro.current_revision


def test_an_edit_after_a_failed_create_is_an_amendment(officer_client, tra, officer, supervisor):
    # The failed create may have landed, so the next change is sent as an update.
    dtro = _settle(approved_submission(tra, officer, supervisor), SubmissionState.FAILED)

    revision = _edit_json(officer_client, dtro, " (corrected)")

    assert (revision.origin, revision.action) == (RevisionOrigin.AMEND, ChangeAction.UPDATE)


def test_an_edit_after_a_rejected_create_is_still_a_new_order(
    officer_client, tra, officer, supervisor
):
    dtro = _settle(approved_submission(tra, officer, supervisor), SubmissionState.REJECTED)

    revision = _edit_json(officer_client, dtro, " (corrected)")

    assert (revision.origin, revision.action) == (RevisionOrigin.JSON, ChangeAction.CREATE)
