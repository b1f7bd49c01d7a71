from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_app.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_two_supervisors_turn_on_self_approval_of_temporary_orders_and_it_is_audited(
    supervisor_client, supervisor, second_supervisor, tra, client
):
    url = reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk])
    response = supervisor_client.post(url, {"allow_self_approval_of_temporary_orders": "on"})
    assert response.status_code == 302
    tra.refresh_from_db()
    assert not tra.allow_self_approval_of_temporary_orders  # proposed, not yet on
    assert AuditEvent.objects.get(action="authority.self_approval_proposed").actor == supervisor

    client.force_login(second_supervisor)
    assert client.post(url, {"allow_self_approval_of_temporary_orders": "on"}).status_code == 302
    tra.refresh_from_db()
    assert tra.allow_self_approval_of_temporary_orders
    confirmed = AuditEvent.objects.get(action="authority.self_approval_confirmed")
    assert confirmed.actor == second_supervisor
    assert confirmed.after["proposed_by"] == supervisor.email
    event = AuditEvent.objects.get(action="authority.changed")
    assert event.actor == second_supervisor
    assert event.before["allow_self_approval_of_temporary_orders"] is False
    assert event.after["allow_self_approval_of_temporary_orders"] is True


def test_one_supervisor_turns_self_approval_off_alone(supervisor_client, supervisor, tra):
    tra.allow_self_approval_of_temporary_orders = True
    tra.save()
    response = supervisor_client.post(
        reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk]),
        {"allow_self_approval_of_temporary_orders": ""},
    )
    assert response.status_code == 302
    tra.refresh_from_db()
    assert not tra.allow_self_approval_of_temporary_orders
    assert AuditEvent.objects.get(action="authority.changed").actor == supervisor


def test_a_supervisor_cannot_rename_or_recode_their_tra(supervisor_client, tra):
    response = supervisor_client.post(
        reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk]),
        {"code": 12345, "name": "Renamed", "allow_self_approval_of_temporary_orders": ""},
    )
    assert response.status_code == 302  # saved: the read-only fields were simply ignored
    tra.refresh_from_db()
    assert (tra.code, tra.name) == (99999, "Demo County Council")


def test_only_superusers_add_tras(supervisor_client):
    assert supervisor_client.get(reverse("admin:dtro_app_trafficauthority_add")).status_code == 403
