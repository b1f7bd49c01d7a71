from __future__ import annotations

import pytest
from django.urls import reverse
from factories import awaiting_approval

from dtro_app.models import Submission

pytestmark = pytest.mark.django_db


def test_officers_get_404_for_the_approvals_pages(officer_client, officer, tra):
    revision = awaiting_approval(tra, officer)
    assert officer_client.get(reverse("dtro_app:approvals")).status_code == 404
    decide = reverse("dtro_app:approval_decide", args=[revision.pk])
    assert officer_client.get(decide).status_code == 404
    assert officer_client.post(decide, {"decision": "approve"}).status_code == 404
    assert not Submission.objects.exists()


def test_another_tras_supervisor_gets_404(client, other_supervisor, officer, tra):
    revision = awaiting_approval(tra, officer)
    client.force_login(other_supervisor)
    assert client.get(reverse("dtro_app:approvals")).status_code == 200
    decide = reverse("dtro_app:approval_decide", args=[revision.pk])
    assert client.get(decide).status_code == 404
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    assert not Submission.objects.exists()


def test_the_list_holds_only_the_supervisors_tras(client, other_supervisor, officer, tra):
    awaiting_approval(tra, officer)
    client.force_login(other_supervisor)
    html = client.get(reverse("dtro_app:approvals")).content.decode()
    assert "Nothing is waiting for your approval." in html


def test_the_decision_page_shows_the_summary_validation_and_json(supervisor_client, officer, tra):
    revision = awaiting_approval(tra, officer)
    html = supervisor_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()
    assert revision.dtro.reference in html
    assert "Valid" in html
    assert "&quot;schemaVersion&quot;" in html
    assert "Approve and publish" in html
