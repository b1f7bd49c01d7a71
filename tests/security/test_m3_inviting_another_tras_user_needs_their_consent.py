"""M3: inviting someone who already works for another TRA needs their consent.

The inviter learns nothing about the existing account (same message as for a new address,
no sign-in history, no MFA or sign-in state); the membership stays inactive, and no staff
status is given, until the invitee follows the emailed link signed in as themselves.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from dtro_app import audit
from dtro_app.models import AuditEvent, Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:dtro_app_membership_invite")
THEIR_IP = "203.0.113.77"


def _invite(client: Any, email: str, tra: Any, role: str, capture: Any) -> str:
    with capture(execute=True):
        response = client.post(
            INVITE, {"email": email, "authority": tra.pk, "role": role}, follow=True
        )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    return message


def _signed_in(user: Any) -> None:
    audit.record(
        "login.succeeded",
        actor=user,
        actor_label=user.email,
        target=user,
        summary=f"{user.email} signed in",
        ip_address=THEIR_IP,
    )


def _accept_link(email: str) -> str:
    [invitation] = [m for m in mail.outbox if m.to == [email]]
    match = re.search(r"https?://[^/\s]+(/\S*invitations/\S+/)", invitation.body)
    assert match, invitation.body
    return match.group(1)


def test_the_inviter_is_told_the_same_for_an_existing_account_as_for_a_new_address(
    supervisor_client, tra, other_officer, django_capture_on_commit_callbacks
):
    new = _invite(
        supervisor_client,
        "brand.new@demo.example",
        tra,
        "officer",
        django_capture_on_commit_callbacks,
    )
    existing = _invite(
        supervisor_client, other_officer.email, tra, "officer", django_capture_on_commit_callbacks
    )
    assert existing.replace(other_officer.email, "X") == new.replace("brand.new@demo.example", "X")
    event = AuditEvent.objects.filter(action="user.invited").latest("created_at")
    assert "new_user" not in (event.after or {})


def test_the_membership_waits_for_the_invitee_and_gives_no_staff_status(
    supervisor_client, tra, other_tra, django_capture_on_commit_callbacks
):
    their_supervisor = make_user("boss@second.example", other_tra, "officer")
    _invite(
        supervisor_client,
        their_supervisor.email,
        tra,
        "supervisor",
        django_capture_on_commit_callbacks,
    )
    membership = Membership.objects.get(user=their_supervisor, authority=tra)
    assert not membership.is_active
    their_supervisor.refresh_from_db()
    assert not their_supervisor.is_staff
    # The inviter cannot switch it on for them.
    supervisor_client.post(
        reverse("admin:dtro_app_membership_change", args=[membership.pk]),
        {"role": "supervisor", "is_active": "on"},
    )
    membership.refresh_from_db()
    assert not membership.is_active


def test_only_the_invitee_signed_in_can_accept(
    supervisor_client, officer, tra, other_officer, django_capture_on_commit_callbacks
):
    _invite(
        supervisor_client,
        other_officer.email,
        tra,
        "supervisor",
        django_capture_on_commit_callbacks,
    )
    link = _accept_link(other_officer.email)
    membership = Membership.objects.get(user=other_officer, authority=tra)

    client = Client()  # the supervisor's client is signed in as the supervisor
    assert client.post(link).status_code == 302  # signed out: to the sign-in page
    client.force_login(officer)  # someone else's account
    assert client.post(link).status_code == 404
    membership.refresh_from_db()
    assert not membership.is_active

    client.force_login(other_officer)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    membership.refresh_from_db()
    other_officer.refresh_from_db()
    assert membership.is_active
    assert other_officer.is_staff  # a supervisor now, by their own consent
    assert client.post(link).status_code == 404  # the link works once


def test_the_inviter_sees_no_sign_ins_from_before_the_invitee_joined(
    supervisor_client, tra, other_officer, django_capture_on_commit_callbacks
):
    _signed_in(other_officer)  # their history at the other TRA
    _invite(
        supervisor_client, other_officer.email, tra, "officer", django_capture_on_commit_callbacks
    )
    audit_page = reverse("admin:dtro_app_auditevent_changelist")
    assert THEIR_IP not in supervisor_client.get(audit_page).content.decode()
    changelist = supervisor_client.get(reverse("admin:dtro_app_membership_changelist"))
    assert changelist.status_code == 200

    link = _accept_link(other_officer.email)
    invitee = Client()
    invitee.force_login(other_officer)
    invitee.post(link)
    assert THEIR_IP not in supervisor_client.get(audit_page).content.decode()

    audit.record(
        "login.succeeded",
        actor=other_officer,
        actor_label=other_officer.email,
        target=other_officer,
        summary="signed in after joining",
        ip_address="198.51.100.1",
    )
    page = supervisor_client.get(audit_page).content.decode()
    assert "198.51.100.1" in page
    assert THEIR_IP not in page
