"""Sending the current draft for approval, withdrawing it, and seeing a supervisor's refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import awaiting_approval, draft_dtro

from dtro_app.approvals.services import reject
from dtro_app.models import DtroStatus, RevisionState

pytestmark = pytest.mark.django_db


def test_the_officer_sends_a_valid_draft_for_approval(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    response = officer_client.post(
        reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]), follow=True
    )
    assert "has been sent to a supervisor for approval" in response.content.decode()
    dtro.refresh_from_db()
    assert dtro.status == DtroStatus.AWAITING_APPROVAL
    assert "Withdraw from approval" in response.content.decode()


def test_sending_twice_says_why_not_in_plain_english(officer_client, tra, officer):
    dtro = awaiting_approval(tra, officer).dtro
    response = officer_client.post(
        reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]), follow=True
    )
    assert "Only the current draft can be sent for approval." in response.content.decode()


def test_the_officer_withdraws_a_revision_from_approval(officer_client, tra, officer):
    revision = awaiting_approval(tra, officer)
    response = officer_client.post(
        reverse("dtro_app:dtro_withdraw", args=[revision.dtro_id]), follow=True
    )
    assert "withdrawn from approval" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.DRAFT


def test_the_supervisors_reason_for_rejecting_is_shown_prominently(
    officer_client, tra, officer, supervisor
):
    revision = awaiting_approval(tra, officer)
    reject(revision, user=supervisor, reason="The times on provision 1 are wrong.")
    html = officer_client.get(revision.dtro.get_absolute_url()).content.decode()
    assert "A supervisor did not approve revision 1" in html
    assert "The times on provision 1 are wrong." in html
    assert "govuk-error-summary" in html


def test_get_is_not_allowed_on_actions(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    assert (
        officer_client.get(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk])).status_code
        == 405
    )
