"""The pages: officers send ticked drafts (or all matching) from the dashboard; supervisors
check a summary and confirm; a batch's page and Delivery health show progress and the
estimate ("paused" while the service is not answering). Other TRAs see nothing."""

from __future__ import annotations

import pytest
from factories import awaiting_approval, draft_dtro, make_credential, valid_document

from dtro_app.approvals.bulk import awaiting, start_decision
from dtro_app.models import DeliveryBatch, RevisionState, ServiceEndpoint
from dtro_app.publishing.pacing import batch_estimate
from portal.celery import app
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BASE_URL = "http://dtro.example.test/v1"


@pytest.fixture
def environment(tra):
    make_credential(tra, BASE_URL, "client", "secret")
    endpoint = ServiceEndpoint.objects.create(base_url=BASE_URL, rate_limit_per_minute=120)
    yield endpoint
    app.control.purge()


def test_officer_sends_all_matching_drafts_from_the_dashboard(tra, officer, officer_client):
    for i in range(2):
        draft_dtro(tra, officer, valid_document(tra, name_suffix=f" {i}"))
    broken = valid_document(tra, name_suffix=" broken")
    broken["data"]["source"]["troName"] = ""
    bad = draft_dtro(tra, officer, broken)

    page = officer_client.get("/?status=draft")
    assert b'name="dtro"' in page.content
    assert b"Send all 3 matching drafts for approval" in page.content

    response = officer_client.post("/dtros/send-for-approval/", {"all": "1"}, follow=True)

    batch = DeliveryBatch.objects.get()
    assert (batch.total, batch.done) == (3, 2)
    text = response.content.decode()
    assert "3 of 3 done" in text
    assert bad.reference in text
    assert "Fix the errors in this D-TRO before sending it for approval." in text


def test_supervisor_checks_the_summary_then_approves(
    tra, officer, supervisor, supervisor_client, environment
):
    for i in range(2):
        awaiting_approval(tra, officer, valid_document(tra, name_suffix=f" {i}"))
    own = awaiting_approval(tra, supervisor, valid_document(tra, name_suffix=" mine"))

    assert supervisor_client.get("/approvals/batch/").status_code == 200
    review = supervisor_client.post("/approvals/batch/review/", {"all": "1"})
    text = review.content.decode()
    assert 'id="batch-orders">3<' in text
    assert 'id="batch-approvable">2<' in text
    assert "You cannot approve 1 of them" in text and own.dtro.reference in text

    done = supervisor_client.post(
        "/approvals/batch/review/", {"all": "1", "decision": "approve"}, follow=True
    )

    text = done.content.decode()
    assert "0 of 2 published; less than a minute left at 120 requests per minute" in text
    own.refresh_from_db()
    assert own.state == RevisionState.AWAITING_APPROVAL
    health = supervisor_client.get("/delivery-health/").content.decode()
    assert "0 of 2 published; less than a minute left at 120 requests per minute" in health


def test_an_open_circuit_reads_paused(tra, officer, supervisor, supervisor_client, environment):
    awaiting_approval(tra, officer, valid_document(tra))
    supervisor_client.post("/approvals/batch/review/", {"all": "1", "decision": "approve"})
    batch = DeliveryBatch.objects.get()
    ServiceEndpoint.objects.filter(pk=environment.pk).update(
        opened_at=batch.created_at, failing_since=batch.created_at
    )

    page = supervisor_client.get(f"/batches/{batch.pk}/").content.decode()

    assert "0 of 1 published; paused: the service is not answering" in page
    assert batch_estimate(batch).paused


def test_rejecting_without_a_reason_is_refused_in_plain_english(tra, officer, supervisor_client):
    awaiting_approval(tra, officer, valid_document(tra))

    response = supervisor_client.post(
        "/approvals/batch/review/", {"all": "1", "decision": "reject", "reason": ""}
    )

    assert response.status_code == 400
    assert "Say why you are rejecting these D-TROs" in response.content.decode()


def test_other_tras_see_no_batch_and_officers_no_batch_approval(
    tra, officer, supervisor, other_tra, environment
):
    from django.test import Client

    awaiting_approval(tra, officer, valid_document(tra))
    [batch] = start_decision(supervisor, awaiting(supervisor), approve_them=True)
    stranger = make_user("stranger@second.example", other_tra, "supervisor")
    client, officer_client = Client(), Client()
    client.force_login(stranger)
    officer_client.force_login(officer)

    assert client.get(f"/batches/{batch.pk}/").status_code == 404
    refused = client.post("/approvals/batch/review/", {"all": "1", "decision": "approve"})
    assert refused.status_code == 400
    assert DeliveryBatch.objects.count() == 1  # nothing of theirs to approve, nothing done
    assert officer_client.get("/approvals/batch/").status_code == 404
