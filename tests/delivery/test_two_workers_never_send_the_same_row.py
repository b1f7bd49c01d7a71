"""Claims are atomic: however many workers get the same message, one sends."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from delivery_helpers import calls, held_by_sandbox
from django.db import connection
from django.utils import timezone
from factories import approved_submission

from dtro_app.models import Submission, SubmissionState
from dtro_app.publishing import outbox
from dtro_app.publishing.runner import deliver

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(count: int, work) -> list:
    results: list = []
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_only_one_of_many_simultaneous_claims_wins(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    claims = _in_threads(8, lambda: outbox.claim(submission.pk))
    assert len([c for c in claims if c is not None]) == 1
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENDING and submission.attempts == 1


def test_simultaneous_deliveries_of_one_row_create_one_record(
    tra, officer, supervisor, sandbox_credential
):
    submission = approved_submission(tra, officer, supervisor)
    states = _in_threads(4, lambda: deliver(submission.pk).state)
    assert sorted(states, key=str) == sorted([None, None, None, "succeeded"], key=str)
    assert calls(submission, "POST", "createFromBody") == 1
    assert len(held_by_sandbox(tra)) == 1


def test_a_live_claim_is_not_taken_but_a_lapsed_one_is_and_must_reconcile(tra, officer, supervisor):
    submission = approved_submission(tra, officer, supervisor)
    first = outbox.claim(submission.pk)
    assert first is not None
    assert outbox.claim(submission.pk) is None  # its worker is still within the lease
    later = timezone.now() + timedelta(seconds=3600)
    second = outbox.claim(submission.pk, now=later)  # the first worker died
    assert second is not None
    submission.refresh_from_db()
    assert submission.needs_reconciliation
    # The dead worker's late outcome is ignored: its claim is no longer the row's.
    assert outbox.finish(first, state=SubmissionState.SUCCEEDED) is False
    assert Submission.objects.get(pk=submission.pk).state == SubmissionState.SENDING
