"""Supervisors who want it at once are emailed when an order is sent for their approval: by a
worker, after the transaction commits, never about their own orders, and a mail outage never
stops the officer sending it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from email_helpers import choose, html_of, sent_to
from factories import awaiting_approval, draft_dtro

from dtro_app.drafting.services import send_for_approval, withdraw_from_approval
from dtro_app.models import RevisionState
from dtro_app.notifications import approvals
from dtro_app.notifications.preferences import ApprovalEmails
from dtro_app.notifications.tasks import notify_supervisors_of_waiting_approval

pytestmark = pytest.mark.django_db

SUPERVISOR = "supervisor@demo.example"
SECOND = "second.supervisor@demo.example"


def test_supervisors_who_want_it_at_once_are_emailed_with_the_order_and_its_link(
    tra,
    officer,
    supervisor,
    second_supervisor,
    other_supervisor,
    django_capture_on_commit_callbacks,
    deliver_immediately,
):
    choose(second_supervisor, ApprovalEmails.DAILY_DIGEST)
    dtro = draft_dtro(tra, officer)
    with django_capture_on_commit_callbacks(execute=True):
        revision = send_for_approval(dtro.current_revision, user=officer, note="Resurfacing")
    [email] = mail.outbox  # not the digest supervisor, not the other TRA's
    assert email.to == [SUPERVISOR]
    assert email.subject == f"Approval needed: {dtro} ({dtro.reference})"
    link = f"http://127.0.0.1:8000/approvals/{revision.pk}/"
    for part in (email.body, html_of(email)):
        assert str(dtro) in part and dtro.reference in part
        assert "Demo County Council" in part
        assert "officer@demo.example" in part
        assert "Publish a new order" in part
        assert "Resurfacing" in part
        assert link in part
        assert "http://127.0.0.1:8000/accounts/email-settings/" in part


def test_nothing_leaves_before_the_commit_and_then_a_worker_sends_it(
    tra, officer, supervisor, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        notify_supervisors_of_waiting_approval,
        "apply_async",
        lambda args, **kwargs: queued.append(tuple(args)),
    )
    dtro = draft_dtro(tra, officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision = send_for_approval(dtro.current_revision, user=officer)
    assert not queued  # a rolled-back send would have told nobody
    for callback in callbacks:
        callback()
    assert queued == [(revision.pk,)]
    assert not mail.outbox  # the worker sends it, not the officer's request


def test_a_mail_and_broker_outage_never_stops_an_order_being_sent_for_approval(
    officer_client,
    tra,
    officer,
    supervisor,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
):
    def down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("down")

    monkeypatch.setattr(notify_supervisors_of_waiting_approval, "apply_async", down)
    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    dtro = draft_dtro(tra, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))
    assert response.status_code == 302
    dtro.current_revision.refresh_from_db()
    assert dtro.current_revision.state == RevisionState.AWAITING_APPROVAL
    assert "Could not send the 'approval_waiting' email to user" in caplog.text


def test_with_the_broker_down_the_email_is_sent_at_once(
    tra, officer, supervisor, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("broker unavailable")

    monkeypatch.setattr(notify_supervisors_of_waiting_approval, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        awaiting_approval(tra, officer)
    assert [email.to for email in mail.outbox] == [[SUPERVISOR]]


def test_a_supervisor_is_never_emailed_about_an_order_they_sent_themselves(
    tra, supervisor, second_supervisor, django_capture_on_commit_callbacks, deliver_immediately
):
    with django_capture_on_commit_callbacks(execute=True):
        awaiting_approval(tra, supervisor)
    assert [email.to for email in mail.outbox] == [[SECOND]]


def test_a_request_to_delete_is_announced_too(
    tra, officer, supervisor, second_supervisor, django_capture_on_commit_callbacks
):
    from dtro_app.drafting.services import request_deletion
    from dtro_app.models import Dtro

    dtro = draft_dtro(tra, officer)
    # The service holds it (as if published): only then can its deletion be asked for.
    Dtro.objects.filter(pk=dtro.pk).update(service_id="9b2c1d3e-0000-4000-8000-000000000001")
    dtro.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        revision = request_deletion(dtro, user=officer, note="No longer needed")
    assert approvals.tell_supervisors(revision.pk) == []
    assert sorted(e.to[0] for e in mail.outbox) == [SECOND, SUPERVISOR]
    assert "Delete the order from the D-TRO service" in mail.outbox[0].body


def test_an_order_withdrawn_before_the_worker_runs_is_not_announced(tra, officer, supervisor):
    revision = awaiting_approval(tra, officer)
    withdraw_from_approval(revision, user=officer)
    assert approvals.tell_supervisors(revision.pk) == []
    assert not mail.outbox


def test_the_worker_retries_only_the_supervisors_it_could_not_email(
    tra, officer, supervisor, second_supervisor, monkeypatch
):
    real_send = EmailMultiAlternatives.send
    refused: list[list[str]] = []

    def refuse_the_second_once(self: Any, fail_silently: bool = False) -> int:
        if self.to == [SECOND] and not refused:
            refused.append(self.to)
            raise ConnectionRefusedError("mail server down")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_the_second_once)
    revision = awaiting_approval(tra, officer)
    result = notify_supervisors_of_waiting_approval.apply(args=(revision.pk,), throw=False)
    assert result.successful()
    assert refused == [[SECOND]]
    # Each supervisor has it once: the retry went to the second only.
    assert len(sent_to(mail.outbox, SUPERVISOR)) == 1
    assert len(sent_to(mail.outbox, SECOND)) == 1


def test_the_worker_logs_whom_it_gave_up_on(tra, officer, supervisor, monkeypatch, caplog):
    def down(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    from portal.celery import app

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    revision = awaiting_approval(tra, officer)
    # Each eager retry runs at once, in turn; none of them may raise out of the test.
    app.conf.task_eager_propagates = False
    try:
        notify_supervisors_of_waiting_approval.apply(args=(revision.pk,))
    finally:
        app.conf.task_eager_propagates = True
    assert caplog.text.count("Could not send the 'approval_waiting' email") == 21
    assert f"Gave up emailing supervisors about revision {revision.pk} after 21 tries" in (
        caplog.text
    )
