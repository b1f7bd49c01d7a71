"""The officer who sent an order for approval is told what became of it: rejected by a
supervisor (with the reason), published, or refused by the D-TRO service (with its errors),
each linking to the order's page at PORTAL_SITE_URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from email_helpers import html_of, sent_to
from factories import approved_submission, awaiting_approval, sandbox_credential_for

from dtro_app.models import Membership, Submission, SubmissionState
from dtro_app.notifications.tasks import notify_officer_of_outcome
from dtro_app.publishing.runner import deliver

OFFICER = "officer@demo.example"


@pytest.fixture
def portal_address(settings: Any) -> str:
    settings.PORTAL_SITE_URL = "https://portal.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal.example"]
    return "https://portal.example"


def _refused(submission: Submission, errors: list[dict[str, str]]) -> None:
    """Leave the row as the runner leaves a change the service refused."""
    Submission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.REJECTED,
        completed_at=timezone.now(),
        errors=errors,
        last_error=errors[0]["message"] if errors else "",
    )


@pytest.mark.django_db
def test_a_rejection_tells_the_officer_the_supervisors_reason(
    supervisor_client,
    tra,
    officer,
    supervisor,
    portal_address,
    django_capture_on_commit_callbacks,
    deliver_immediately,
):
    revision = awaiting_approval(tra, officer)
    dtro = revision.dtro
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(
            reverse("dtro_app:approval_decide", args=[revision.pk]),
            {"decision": "reject", "reason": "The end date is before the start date."},
        )
    [email] = mail.outbox
    assert email.to == [OFFICER]
    assert email.subject == f"Not approved: {dtro} ({dtro.reference})"
    for part in (email.body, html_of(email)):
        assert "supervisor@demo.example did not approve" in part
        assert "The end date is before the start date." in part
        assert f"https://portal.example/dtros/{dtro.pk}/" in part


@pytest.mark.django_db
def test_a_refusal_lists_the_services_errors_in_plain_english(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    errors = [
        {"path": f"/data/source/provision/{n}", "message": f"Problem number {n} explained."}
        for n in range(25)
    ]
    _refused(submission, errors)
    notify_officer_of_outcome.apply(args=(submission.pk,))
    [email] = mail.outbox
    dtro = submission.dtro
    assert email.to == [OFFICER]
    assert email.subject == f"Refused by the D-TRO service: {dtro} ({dtro.reference})"
    for part in (email.body, html_of(email)):
        assert f"refused to publish {dtro}" in part or "refused to publish <strong>" in part
        assert "Problem number 0 explained." in part
        assert "/data/source/provision/0" in part
        assert "Problem number 19 explained." in part
        assert "Problem number 20 explained." not in part  # the order's page has them all
        assert "and 5 more" in part
        assert f"http://127.0.0.1:8000/dtros/{dtro.pk}/" in part


@pytest.mark.django_db
def test_an_officer_who_left_the_tra_is_not_told(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    _refused(submission, [{"path": "", "message": "No."}])
    Membership.objects.filter(user=officer).update(is_active=False)
    notify_officer_of_outcome.apply(args=(submission.pk,))
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_change_still_being_delivered_is_not_announced(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    notify_officer_of_outcome.apply(args=(submission.pk,))
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_once_published_the_officer_is_told_with_a_link_to_the_order(
    tra, officer, supervisor, sandbox_credential, deliver_immediately
):
    # Approving enqueues the delivery after commit; delivered, the outcome email follows.
    submission = approved_submission(tra, officer, supervisor)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUCCEEDED
    [email] = sent_to(mail.outbox, OFFICER)  # the supervisor had the approval request
    dtro = submission.dtro
    assert email.subject == f"Published: {dtro} ({dtro.reference})"
    for part in (email.body, html_of(email)):
        assert "The D-TRO service has published" in part
        assert str(submission.service_id) in part
        assert f"http://127.0.0.1:8000/dtros/{dtro.pk}/" in part


@pytest.mark.django_db(transaction=True)
def test_a_refusal_by_the_service_reaches_the_officer_once_settled(
    tra, other_tra, officer, supervisor, sandbox_url, monkeypatch
):
    # A credential of another TRA: the service refuses a D-TRO whose creator is not its TRA.
    sandbox_credential_for(tra, sandbox_url)
    submission = approved_submission(tra, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        credential=sandbox_credential_for(other_tra, sandbox_url)
    )
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        notify_officer_of_outcome, "apply_async", lambda args, **kw: queued.append(tuple(args))
    )
    assert deliver(submission.pk).state == SubmissionState.REJECTED
    assert queued == [(submission.pk,)]  # enqueued once the outcome was committed
    notify_officer_of_outcome.apply(args=queued[0])
    [email] = sent_to(mail.outbox, OFFICER)
    submission.refresh_from_db()
    for error in submission.errors:
        assert error["message"] in email.body


@pytest.mark.django_db
def test_an_outcome_the_mail_server_refused_is_sent_again_by_the_worker(
    tra, officer, supervisor, monkeypatch
):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    refused: list[list[str]] = []

    def refuse_once(self: Any, fail_silently: bool = False) -> int:
        if not refused:
            refused.append(self.to)
            raise ConnectionRefusedError("mail server down")
        return real_send(self, fail_silently)

    submission = approved_submission(tra, officer, supervisor)
    _refused(submission, [{"path": "", "message": "No."}])
    mail.outbox.clear()
    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_once)
    result = notify_officer_of_outcome.apply(args=(submission.pk,), throw=False)
    assert result.successful()
    assert refused == [[OFFICER]]
    [email] = sent_to(mail.outbox, OFFICER)  # the retry sent it, once
    assert email.subject.startswith("Refused by the D-TRO service:")
