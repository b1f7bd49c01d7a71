from __future__ import annotations

import copy

import pytest
from django.urls import reverse
from factories import awaiting_approval, valid_document

from dtro_app.approvals.services import ApprovalError, approve
from dtro_app.models import AuditEvent, Submission

pytestmark = pytest.mark.django_db


def temporary_order(tra):  # type: ignore[no-untyped-def]
    document = copy.deepcopy(valid_document(tra))
    for provision in document["data"]["source"]["provision"]:
        provision["orderReportingPoint"] = "ttroTtmoByNotice"
    return document


def test_a_supervisor_cannot_approve_a_revision_they_sent(supervisor, tra):
    revision = awaiting_approval(tra, supervisor)
    with pytest.raises(ApprovalError, match="drafted or sent for approval yourself"):
        approve(revision, user=supervisor)
    assert not Submission.objects.exists()


def test_the_decision_page_says_why_and_offers_no_approve_button(
    supervisor_client, supervisor, tra
):
    revision = awaiting_approval(tra, supervisor)
    page = supervisor_client.get(reverse("dtro_app:approval_decide", args=[revision.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "You cannot approve a D-TRO you drafted or sent for approval yourself." in html
    assert "Approve and publish" not in html


def test_posting_an_approval_of_ones_own_revision_is_refused(supervisor_client, supervisor, tra):
    revision = awaiting_approval(tra, supervisor)
    response = supervisor_client.post(
        reverse("dtro_app:approval_decide", args=[revision.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert "yourself" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_tra_may_allow_self_approval_of_temporary_orders_and_it_is_audited(supervisor, tra):
    tra.allow_self_approval_of_temporary_orders = True
    tra.save()
    revision = awaiting_approval(tra, supervisor, temporary_order(tra))
    submission = approve(revision, user=supervisor)
    assert submission.revision_id == revision.pk
    assert revision.approval.self_approved
    event = AuditEvent.objects.get(action="approval.self_approved")
    assert event.actor == supervisor


def test_the_setting_does_not_cover_permanent_orders(supervisor, tra):
    tra.allow_self_approval_of_temporary_orders = True
    tra.save()
    revision = awaiting_approval(tra, supervisor)
    with pytest.raises(ApprovalError):
        approve(revision, user=supervisor)
