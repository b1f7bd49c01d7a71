from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from factories import awaiting_approval

from dtro_app.models import AuditEvent, RevisionState, Submission

pytestmark = pytest.mark.django_db


def test_rejecting_with_a_reason_emails_the_officer_that_reason(
    supervisor_client, officer, tra, django_capture_on_commit_callbacks, deliver_immediately
):
    revision = awaiting_approval(tra, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(
            reverse("dtro_app:approval_decide", args=[revision.pk]),
            {"decision": "reject", "reason": "The end date is before the start date."},
        )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.REJECTED
    assert revision.approval.reason == "The end date is before the start date."
    assert not Submission.objects.exists()
    [email] = mail.outbox
    assert email.to == [officer.email]
    assert "The end date is before the start date." in email.body
    assert AuditEvent.objects.filter(action="approval.rejected").exists()


def test_a_rejection_needs_a_reason(supervisor_client, officer, tra):
    revision = awaiting_approval(tra, officer)
    response = supervisor_client.post(
        reverse("dtro_app:approval_decide", args=[revision.pk]),
        {"decision": "reject", "reason": "  "},
    )
    assert response.status_code == 400
    assert "Enter why you are rejecting this D-TRO" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.AWAITING_APPROVAL
