from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from dtro_app.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:dtro_app_membership_changelist")


def act(client, action, membership):  # type: ignore[no-untyped-def]
    return client.post(
        MEMBERSHIPS,
        {"action": action, ACTION_CHECKBOX_NAME: [membership.pk], "index": 0},
        follow=True,
    )


def test_reset_mfa_removes_the_authenticators_and_is_audited(supervisor_client, officer):
    Authenticator.objects.create(user=officer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    Authenticator.objects.create(
        user=officer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "y"}
    )
    act(supervisor_client, "reset_mfa", Membership.objects.get(user=officer))
    assert not Authenticator.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="user.mfa_reset")
    assert event.target_id == str(officer.pk)
    assert sorted(event.before["authenticators"]) == ["recovery_codes", "totp"]
    assert "secret" not in str(event.before)


def test_deactivating_a_user_stops_them_signing_in(supervisor_client, officer):
    act(supervisor_client, "deactivate_users", Membership.objects.get(user=officer))
    officer.refresh_from_db()
    assert not officer.is_active
    assert AuditEvent.objects.filter(action="user.deactivated").count() == 1


def test_deactivating_a_membership_removes_access_to_that_tra(supervisor_client, officer):
    membership = Membership.objects.get(user=officer)
    act(supervisor_client, "deactivate_memberships", membership)
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.get(action="membership.deactivated").before == {"is_active": True}


def test_a_user_who_also_works_for_another_tra_needs_a_superuser(
    supervisor_client, officer, other_tra
):
    Membership.objects.create(user=officer, authority=other_tra, role="officer")
    page = act(
        supervisor_client,
        "deactivate_users",
        Membership.objects.get(user=officer, authority__code=99999),
    )
    assert "ask a superuser" in page.content.decode()
    officer.refresh_from_db()
    assert officer.is_active


def test_a_supervisor_cannot_reset_their_own_mfa_here(supervisor_client, supervisor):
    page = act(supervisor_client, "reset_mfa", Membership.objects.get(user=supervisor))
    assert "your own account" in page.content.decode()
