from __future__ import annotations

import pytest
from django.urls import reverse
from factories import awaiting_approval

from dtro_app.models import AuditEvent, RevisionState, Submission

pytestmark = pytest.mark.django_db


def test_approving_from_the_decision_page_queues_one_submission(
    supervisor_client, supervisor, officer, tra
):
    revision = awaiting_approval(tra, officer)
    url = reverse("dtro_app:approval_decide", args=[revision.pk])
    response = supervisor_client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dtro_app:approvals")
    submission = Submission.objects.get()
    assert submission.revision_id == revision.pk
    assert submission.state == "queued"
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert AuditEvent.objects.filter(action="approval.approved", actor=supervisor).count() == 1


def test_approving_twice_still_leaves_one_submission(supervisor_client, officer, tra):
    revision = awaiting_approval(tra, officer)
    url = reverse("dtro_app:approval_decide", args=[revision.pk])
    supervisor_client.post(url, {"decision": "approve"})
    again = supervisor_client.post(url, {"decision": "approve"})
    assert again.status_code == 400
    assert "not awaiting approval" in again.content.decode()
    assert Submission.objects.count() == 1


def test_the_approvals_page_lists_what_awaits_the_supervisor(supervisor_client, officer, tra):
    revision = awaiting_approval(tra, officer)
    page = supervisor_client.get(reverse("dtro_app:approvals"))
    assert page.status_code == 200
    assert reverse("dtro_app:approval_decide", args=[revision.pk]) in page.content.decode()
