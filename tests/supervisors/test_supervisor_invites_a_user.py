from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from dtro_app.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:dtro_app_membership_invite")


def test_inviting_creates_the_user_and_emails_a_set_password_link(
    supervisor_client, supervisor, tra, django_capture_on_commit_callbacks, deliver_immediately
):
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(
            INVITE, {"email": "New.Officer@Demo.example", "authority": tra.pk, "role": "officer"}
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.officer@demo.example")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.authority, membership.role, membership.is_active) == (tra, "officer", True)
    [email] = mail.outbox
    assert email.to == ["new.officer@demo.example"]
    assert "/accounts/password/reset/key/" in email.body
    event = AuditEvent.objects.get(action="user.invited")
    assert event.actor == supervisor


def test_an_invited_supervisor_can_use_the_admin(supervisor_client, tra):
    supervisor_client.post(
        INVITE, {"email": "boss@demo.example", "authority": tra.pk, "role": "supervisor"}
    )
    assert get_user_model().objects.get(email="boss@demo.example").is_staff


def test_a_supervisor_cannot_invite_into_another_tra(supervisor_client, other_tra):
    response = supervisor_client.post(
        INVITE, {"email": "sneaky@demo.example", "authority": other_tra.pk, "role": "officer"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not get_user_model().objects.filter(email="sneaky@demo.example").exists()


def test_add_membership_leads_to_the_invite_page(supervisor_client):
    response = supervisor_client.get(reverse("admin:dtro_app_membership_add"))
    assert response["Location"] == INVITE


def test_the_email_is_left_to_a_worker_once_the_invitation_is_saved(
    supervisor_client, supervisor, tra, django_capture_on_commit_callbacks, monkeypatch
):
    from dtro_app.membership.tasks import send_invitation

    queued = []
    monkeypatch.setattr(
        send_invitation, "apply_async", lambda args, **kwargs: queued.append(tuple(args))
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = supervisor_client.post(
            INVITE, {"email": "later@demo.example", "authority": tra.pk, "role": "officer"}
        )
    assert response.status_code == 302
    assert not mail.outbox
    assert not queued  # nothing leaves before the invitation is committed
    for callback in callbacks:
        callback()
    membership = Membership.objects.get(user__email="later@demo.example")
    assert queued == [("later@demo.example", membership.pk, supervisor.pk)]
    assert not mail.outbox  # the worker sends it, not the admin's request


def test_the_link_points_at_the_portal_address(
    supervisor_client, tra, settings, django_capture_on_commit_callbacks, deliver_immediately
):
    settings.PORTAL_SITE_URL = "https://portal.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal.example"]
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(
            INVITE, {"email": "linked@demo.example", "authority": tra.pk, "role": "officer"}
        )
    [email] = mail.outbox
    assert "https://portal.example/accounts/password/reset/key/" in email.body


def test_with_the_broker_down_the_email_is_sent_at_once(
    supervisor_client, tra, django_capture_on_commit_callbacks, monkeypatch
):
    from dtro_app.membership.tasks import send_invitation

    def broker_down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("broker unavailable")

    monkeypatch.setattr(send_invitation, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(
            INVITE, {"email": "anyway@demo.example", "authority": tra.pk, "role": "officer"}
        )
    [email] = mail.outbox
    assert email.to == ["anyway@demo.example"]
