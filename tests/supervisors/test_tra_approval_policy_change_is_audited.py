from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_app.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_supervisor_turns_on_self_approval_of_temporary_orders_and_it_is_audited(
    supervisor_client, supervisor, tra
):
    response = supervisor_client.post(
        reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk]),
        {"allow_self_approval_of_temporary_orders": "on"},
    )
    assert response.status_code == 302
    tra.refresh_from_db()
    assert tra.allow_self_approval_of_temporary_orders
    event = AuditEvent.objects.get(action="authority.changed")
    assert event.actor == supervisor
    assert event.before["allow_self_approval_of_temporary_orders"] is False
    assert event.after["allow_self_approval_of_temporary_orders"] is True


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
