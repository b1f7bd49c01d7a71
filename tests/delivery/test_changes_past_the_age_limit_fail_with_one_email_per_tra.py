"""Only age fails a waiting change: the sweeper fails those older than the limit (7 days by
default), leaves younger ones waiting, and each TRA's supervisors get one email for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from factories import approved_submission, valid_document

from dtro_app.models import Dtro, DtroStatus, Submission, SubmissionState
from dtro_app.publishing.outbox import fail_overdue

pytestmark = pytest.mark.django_db


def _aged(submission: Submission, days: float) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        window_started_at=timezone.now() - timedelta(days=days)
    )


def test_only_changes_past_the_age_limit_fail_with_one_email_per_tra(tra, officer, supervisor):
    old = [
        approved_submission(tra, officer, supervisor, valid_document(tra, name_suffix=str(n)))
        for n in range(3)
    ]
    young = approved_submission(tra, officer, supervisor, valid_document(tra, name_suffix="y"))
    for submission in old:
        _aged(submission, days=7.1)
    _aged(young, days=6.9)

    assert sorted(fail_overdue()) == sorted(s.pk for s in old)
    assert Submission.objects.get(pk=young.pk).state == SubmissionState.QUEUED
    assert {Dtro.objects.get(pk=s.dtro_id).status for s in old} == {DtroStatus.FAILED}
    [email] = mail.outbox
    assert email.to == [supervisor.email]
    assert "3 change(s) past the age limit" in email.subject
    assert fail_overdue() == []  # already failed: nothing more, no second email
    assert len(mail.outbox) == 1
