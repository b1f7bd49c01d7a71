from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import approved_submission

from dtro_app.models import Submission, SubmissionState

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:dtro_app_submission_changelist")


def aged(submission: Submission, *, hours: float, state: str) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(
        state=state, created_at=timezone.now() - timedelta(hours=hours)
    )
    return submission


def test_waiting_rows_come_first_oldest_first(supervisor_client, tra, officer, supervisor):
    published = aged(approved_submission(tra, officer, supervisor), hours=30, state="succeeded")
    newer_failed = aged(approved_submission(tra, officer, supervisor), hours=1, state="failed")
    older_queued = aged(approved_submission(tra, officer, supervisor), hours=5, state="queued")
    page = supervisor_client.get(QUEUE)
    assert [s.pk for s in page.context["cl"].result_list] == [
        older_queued.pk,
        newer_failed.pk,
        published.pk,
    ]


def test_the_queue_filters_by_state_and_age(supervisor_client, tra, officer, supervisor):
    old = aged(approved_submission(tra, officer, supervisor), hours=50, state="failed")
    recent = aged(approved_submission(tra, officer, supervisor), hours=0.1, state="failed")
    aged(approved_submission(tra, officer, supervisor), hours=0.1, state="succeeded")
    by_state = supervisor_client.get(QUEUE, {"state__exact": SubmissionState.FAILED})
    assert {s.pk for s in by_state.context["cl"].result_list} == {old.pk, recent.pk}
    by_age = supervisor_client.get(QUEUE, {"state__exact": "failed", "age": "week"})
    assert [s.pk for s in by_age.context["cl"].result_list] == [old.pk]
