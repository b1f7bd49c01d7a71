from __future__ import annotations

import pytest
from auth_helpers import sign_in
from django.test import Client
from django.urls import reverse

from dtro_app.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_successful_sign_in_is_recorded(client, officer):
    sign_in(client, officer.email, PASSWORD)
    event = AuditEvent.objects.get(action="login.succeeded")
    assert event.actor == officer
    assert event.target_id == str(officer.pk)
    assert event.ip_address == "127.0.0.1"


def test_a_failed_sign_in_is_recorded_without_the_password(client, officer):
    sign_in(client, officer.email, "wrong-password-xyz")
    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor is None
    assert event.actor_label == officer.email
    assert event.target_id == str(officer.pk)
    everything = f"{event.summary} {event.before} {event.after} {event.actor_label}"
    assert "wrong-password-xyz" not in everything


def test_a_failed_sign_in_for_an_unknown_email_is_recorded_too(client, db):
    sign_in(client, "nobody@example.com", "whatever-123")
    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor_label == "nobody@example.com"
    assert event.target_id == ""


def test_supervisors_see_sign_ins_of_their_tras_members_only(
    supervisor_client, officer, other_officer
):
    sign_in(Client(), officer.email, "wrong-1")
    sign_in(Client(), other_officer.email, "wrong-2")
    page = supervisor_client.get(
        reverse("admin:dtro_app_auditevent_changelist"), {"action__exact": "login.failed"}
    )
    labels = {event.actor_label for event in page.context["cl"].result_list}
    assert labels == {officer.email}
