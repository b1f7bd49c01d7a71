"""Supervisors who chose the daily digest get one email listing every order awaiting them,
grouped by TRA and never their own; nothing when nothing awaits them."""

from __future__ import annotations

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from email_helpers import choose, html_of
from factories import awaiting_approval, draft_dtro, valid_document

from dtro_app.models import Membership
from dtro_app.notifications.preferences import ApprovalEmails
from dtro_app.notifications.tasks import send_approval_digests
from portal.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_supervisor(supervisor, other_tra):
    """The demo supervisor, also supervising TRA 99998, who chose the daily digest."""
    Membership.objects.create(user=supervisor, authority=other_tra, role="supervisor")
    choose(supervisor, ApprovalEmails.DAILY_DIGEST)
    return supervisor


def _awaiting(authority, user, suffix):
    return awaiting_approval(authority, user, valid_document(authority, name_suffix=suffix))


def test_one_email_lists_every_order_awaiting_them_grouped_by_tra(
    tra, other_tra, officer, other_officer, digest_supervisor, second_supervisor
):
    first = _awaiting(tra, officer, " first")
    second = _awaiting(tra, officer, " second")
    elsewhere = _awaiting(other_tra, other_officer, " elsewhere")
    own = _awaiting(tra, digest_supervisor, " their own")
    draft_dtro(tra, officer, valid_document(tra, name_suffix=" still a draft"))

    send_approval_digests.apply()

    [email] = mail.outbox  # the second supervisor wants emails at once: no digest
    assert email.to == ["supervisor@demo.example"]
    assert email.subject == "3 orders awaiting your approval"
    text, html = email.body, html_of(email)
    assert "Demo County Council (99999): 2 orders" in text
    assert "Second Borough Council (99998): 1 order" in text
    # Grouped by TRA, oldest first within each.
    positions = [text.index(r.dtro.reference) for r in (first, second, elsewhere)]
    assert positions == sorted(positions)
    assert text.index("Second Borough Council (99998)") > positions[1]
    for part in (text, html):
        for revision in (first, second, elsewhere):
            assert revision.dtro.reference in part
            assert f"http://127.0.0.1:8000/approvals/{revision.pk}/" in part
        assert own.dtro.reference not in part  # nobody approves their own
        assert "still a draft" not in part
        assert "http://127.0.0.1:8000/approvals/" in part
    assert "<h2" in html and "Second Borough Council (99998)</h2>" in html


def test_no_email_when_nothing_awaits_them(tra, officer, digest_supervisor):
    _awaiting(tra, digest_supervisor, " their own")  # awaits someone else
    send_approval_digests.apply()
    assert mail.outbox == []


def test_supervisors_wanting_emails_at_once_get_no_digest(tra, officer, supervisor):
    _awaiting(tra, officer, " waiting")
    send_approval_digests.apply()
    assert mail.outbox == []


def test_a_digest_of_one_tra_wears_its_name(tra, officer, supervisor):
    choose(supervisor, ApprovalEmails.DAILY_DIGEST)
    _awaiting(tra, officer, " waiting")
    send_approval_digests.apply()
    [email] = mail.outbox
    assert email.subject == "1 order awaiting your approval"
    assert "Demo County Council</p>" in html_of(email)


def test_beat_sends_the_digests_once_a_day():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "dtro_app.send_approval_digests"
    ]
    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert "dtro_app.send_approval_digests" in app.tasks
