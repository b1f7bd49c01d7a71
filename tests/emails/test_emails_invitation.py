"""The invitation says who invited you, to which TRA (name and code), as what, until when
(UK time), what to do, and what to do if you did not expect it; its link still works."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from email_helpers import html_of

from dtro_app.membership.services import pending_invitation

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:dtro_app_membership_invite")
# 2:30pm British Summer Time.
NOW = "2025-07-01 13:30:00+00:00"


def _invite(client: Any, capture: Any, email: str, tra: Any, role: str = "officer") -> Any:
    with time_machine.travel(NOW, tick=False), capture(execute=True):
        response = client.post(INVITE, {"email": email, "authority": tra.pk, "role": role})
    assert response.status_code == 302
    [invitation] = [m for m in mail.outbox if m.to == [email]]
    return invitation


@pytest.fixture
def named_supervisor(supervisor: Any) -> Any:
    supervisor.first_name, supervisor.last_name = "Sam", "Okafor"
    supervisor.save()
    return supervisor


def test_a_new_officer_is_told_who_invited_them_where_as_what_and_until_when(
    supervisor_client,
    named_supervisor,
    tra,
    django_capture_on_commit_callbacks,
    deliver_immediately,
):
    email = _invite(
        supervisor_client, django_capture_on_commit_callbacks, "new.officer@demo.example", tra
    )
    assert email.subject == (
        "Sam Okafor (supervisor@demo.example) invited you to join Demo County Council "
        "on Publish traffic regulation orders"
    )
    for part in (email.body, html_of(email)):
        assert "Sam Okafor (supervisor@demo.example)" in part
        assert "Demo County Council" in part and "TRA code 99999" in part
        assert "an officer" in part or "an <strong>officer</strong>" in part
        # allauth's set-password link lasts PASSWORD_RESET_TIMEOUT (3 days) from now.
        assert "Friday 4 July 2025 at 2:30pm" in part
        assert "choose a password" in part
        assert "If you did not expect this invitation" in part
        assert "safely ignored" not in part
    assert "authenticator" not in email.body  # only supervisors need one


def test_the_new_users_link_still_lets_them_choose_a_password(
    client, supervisor_client, tra, django_capture_on_commit_callbacks, deliver_immediately
):
    email = _invite(supervisor_client, django_capture_on_commit_callbacks, "link@demo.example", tra)
    match = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/key/\S+/)", email.body)
    assert match, email.body
    assert match.group(1) in html_of(email)
    # allauth keeps a valid key in the session and sends the user on to choose a password.
    with time_machine.travel(NOW, tick=False):
        response = client.get(match.group(1))
        assert response.status_code == 302
        assert response["Location"].endswith("-set-password/")
        assert "password1" in client.get(response["Location"]).content.decode()


def test_a_new_supervisor_is_told_to_set_up_an_authenticator(
    supervisor_client, tra, django_capture_on_commit_callbacks, deliver_immediately
):
    email = _invite(
        supervisor_client,
        django_capture_on_commit_callbacks,
        "boss@demo.example",
        tra,
        "supervisor",
    )
    assert "as a supervisor" in email.body
    assert "authenticator app" in email.body
    assert "a <strong>supervisor</strong>" in html_of(email)


def test_someone_with_an_account_is_told_to_sign_in_and_accept(
    supervisor_client, tra, other_officer, django_capture_on_commit_callbacks
):
    email = _invite(
        supervisor_client, django_capture_on_commit_callbacks, "officer@second.example", tra
    )
    for part in (email.body, html_of(email)):
        assert "supervisor@demo.example" in part
        assert "Demo County Council" in part and "TRA code 99999" in part
        assert "Sign in to your existing account" in part
        # PORTAL_INVITATION_DAYS (7) from now.
        assert "Tuesday 8 July 2025 at 2:30pm" in part
        assert "Nothing changes unless you accept it" in part
    token = re.search(r"/invitations/([^/\s]+)/", email.body)
    with time_machine.travel(NOW, tick=False):
        assert token and pending_invitation(token.group(1)) is not None


def test_a_refused_invitation_is_sent_again_with_a_new_link_and_no_token_in_the_broker(
    supervisor_client, tra, other_officer, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.core.mail import EmailMultiAlternatives

    from dtro_app.membership.tasks import resend_invitation

    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        resend_invitation, "apply_async", lambda args, **kwargs: queued.append(tuple(args))
    )
    real_send = EmailMultiAlternatives.send

    def mail_server_down(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(
            INVITE, {"email": "officer@second.example", "authority": tra.pk, "role": "officer"}
        )
    assert response.status_code == 302  # the invitation is saved all the same
    assert not mail.outbox
    assert "Could not email invitation" in caplog.text
    [(invitation_id,)] = queued  # only the invitation's id goes through the broker

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    resend_invitation.apply(args=(invitation_id,))
    [email] = mail.outbox
    token = re.search(r"/invitations/([^/\s]+)/", email.body)
    assert token and pending_invitation(token.group(1)).pk == invitation_id


def test_past_its_expiry_an_invitation_is_neither_found_by_its_link_nor_sent_again(
    supervisor_client, tra, other_officer, django_capture_on_commit_callbacks
):
    from dtro_app.membership.services import resend_invitation_to_join

    email = _invite(
        supervisor_client, django_capture_on_commit_callbacks, "officer@second.example", tra
    )
    token = re.search(r"/invitations/([^/\s]+)/", email.body)
    assert token
    with time_machine.travel(NOW, tick=False):
        invitation = pending_invitation(token.group(1))
    assert invitation is not None
    mail.outbox.clear()
    # PORTAL_INVITATION_DAYS (7) on, the link has expired.
    with time_machine.travel("2025-07-08 13:30:01+00:00", tick=False):
        assert pending_invitation(token.group(1)) is None
        resend_invitation_to_join(invitation.pk)
    assert mail.outbox == []
