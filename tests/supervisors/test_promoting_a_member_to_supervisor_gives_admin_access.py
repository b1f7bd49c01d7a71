from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_app.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db


def test_promoting_an_officer_to_supervisor_in_the_admin_makes_them_staff(
    supervisor_client, officer, tra
):
    assert not officer.is_staff
    membership = Membership.objects.get(user=officer, authority=tra)
    response = supervisor_client.post(
        reverse("admin:dtro_app_membership_change", args=[membership.pk]),
        {"role": "supervisor", "is_active": "on"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_staff
    event = AuditEvent.objects.get(action="membership.changed")
    assert (event.before["role"], event.after["role"]) == ("officer", "supervisor")


def test_an_officer_membership_change_leaves_staff_status_alone(supervisor_client, officer, tra):
    membership = Membership.objects.get(user=officer, authority=tra)
    supervisor_client.post(
        reverse("admin:dtro_app_membership_change", args=[membership.pk]),
        {"role": "officer", "is_active": "on"},
    )
    officer.refresh_from_db()
    assert not officer.is_staff
