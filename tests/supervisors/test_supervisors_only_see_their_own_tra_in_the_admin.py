"""A supervisor of TRA A never sees or acts on TRA B's rows, in any admin page."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from dtro_app import audit
from dtro_app.models import (
    ApiCredential,
    AuditEvent,
    Membership,
    SubmissionState,
)
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db


def credential_for(authority, client_id):  # type: ignore[no-untyped-def]
    credential = ApiCredential(
        authority=authority,
        environment="integration",
        base_url="https://dtro-integration.dft.gov.uk/v1",
        client_id=client_id,
    )
    credential.set_secret("not-shown")
    credential.save()
    return credential


@pytest.fixture
def rows(tra, other_tra, failed_submission, other_failed_submission, officer, other_officer):  # type: ignore[no-untyped-def]
    """One row of each admin model in each TRA: (ours, theirs) by admin URL name."""
    ours_credential = credential_for(tra, "ours-client")
    theirs_credential = credential_for(other_tra, "theirs-client")
    ours_call = OutboundCall.objects.create(
        service="dtro",
        authority=tra,
        credential=ours_credential,
        method="GET",
        path="/ours",
        correlation_id="c1",
        outcome="success",
    )
    theirs_call = OutboundCall.objects.create(
        service="dtro",
        authority=other_tra,
        credential=theirs_credential,
        method="GET",
        path="/theirs",
        correlation_id="c2",
        outcome="success",
    )
    ours_event = audit.record("test.ours", authority=tra, summary="ours-event")
    theirs_event = audit.record("test.theirs", authority=other_tra, summary="theirs-event")
    return {
        "submission": (failed_submission, other_failed_submission),
        "apicredential": (ours_credential, theirs_credential),
        "outbound_outboundcall": (ours_call, theirs_call),
        "auditevent": (ours_event, theirs_event),
        "membership": (
            Membership.objects.get(user=officer),
            Membership.objects.get(user=other_officer),
        ),
        "dtro": (failed_submission.dtro, other_failed_submission.dtro),
        "approval": (
            failed_submission.revision.approval,
            other_failed_submission.revision.approval,
        ),
        "trafficauthority": (tra, other_tra),
    }


MODELS = [
    "submission",
    "apicredential",
    "outbound_outboundcall",
    "auditevent",
    "membership",
    "dtro",
    "approval",
    "trafficauthority",
]


def _admin_name(model: str) -> str:
    """`app_model` for models of other apps; bare model names are dtro_app's."""
    return model if "_" in model else f"dtro_app_{model}"


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_shows_only_the_supervisors_tra(supervisor_client, rows, model):
    ours, theirs = rows[model]
    page = supervisor_client.get(reverse(f"admin:{_admin_name(model)}_changelist"))
    assert page.status_code == 200
    listed = {obj.pk for obj in page.context["cl"].result_list}
    assert ours.pk in listed
    assert theirs.pk not in listed


@pytest.mark.parametrize("model", MODELS)
def test_another_tras_change_view_is_unreachable(supervisor_client, rows, model):
    ours, theirs = rows[model]
    assert (
        supervisor_client.get(
            reverse(f"admin:{_admin_name(model)}_change", args=[ours.pk])
        ).status_code
        == 200
    )
    response = supervisor_client.get(
        reverse(f"admin:{_admin_name(model)}_change", args=[theirs.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_both_tras(client, superuser, rows, model):
    client.force_login(superuser)
    page = client.get(reverse(f"admin:{_admin_name(model)}_changelist"))
    listed = {obj.pk for obj in page.context["cl"].result_list}
    assert {obj.pk for obj in rows[model]} <= listed


def test_actions_on_another_tras_submission_do_nothing(supervisor_client, rows):
    _, theirs = rows["submission"]
    queue = reverse("admin:dtro_app_submission_changelist")
    supervisor_client.post(
        queue, {"action": "retry_now", ACTION_CHECKBOX_NAME: [theirs.pk], "index": 0}
    )
    supervisor_client.post(
        queue,
        {
            "action": "cancel_submissions",
            ACTION_CHECKBOX_NAME: [theirs.pk],
            "confirm": "yes",
            "reason": "x",
        },
    )
    theirs.refresh_from_db()
    assert theirs.state == SubmissionState.FAILED
    assert not AuditEvent.objects.filter(action__startswith="submission.").exists()


def test_test_connection_of_another_tras_credential_is_404(supervisor_client, rows):
    _, theirs = rows["apicredential"]
    response = supervisor_client.post(
        reverse("admin:dtro_app_apicredential_test_connection", args=[theirs.pk])
    )
    assert response.status_code == 404


def test_another_tra_is_not_offered_when_adding_a_credential(supervisor_client, rows, other_tra):
    page = supervisor_client.get(reverse("admin:dtro_app_apicredential_add"))
    assert page.status_code == 200
    assert other_tra.name not in page.content.decode()


def test_the_audit_export_holds_only_the_supervisors_tra(supervisor_client, rows):
    response = supervisor_client.get(reverse("admin:dtro_app_auditevent_export"))
    body = response.content.decode()
    assert "ours-event" in body
    assert "theirs-event" not in body


def test_an_officer_reaches_no_admin_page(officer_client, rows):
    response = officer_client.get(reverse("admin:dtro_app_submission_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_officer_without_supervision_is_refused(client, officer, rows):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    response = client.get(reverse("admin:dtro_app_submission_changelist"))
    assert response.status_code == 403
