"""The database is the truth: a lost broker message delays a change, never loses it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from delivery_helpers import calls, held_by_sandbox
from django.utils import timezone
from factories import approved_submission

from dtro_app.models import Submission, SubmissionState
from dtro_app.publishing import outbox
from portal.celery import app

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@contextmanager
def running_worker() -> Iterator[None]:
    """A real Celery worker (in a thread) on the test broker."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.fixture
def worker() -> Iterator[None]:
    with running_worker():
        yield


def _approved_with_its_message_lost(tra, officer, supervisor) -> Submission:
    app.control.purge()
    submission = approved_submission(tra, officer, supervisor)
    app.control.purge()  # the broker lost the message (for example Redis restarted)
    return submission


def _wait_for(submission: Submission, state: str, seconds: float = 30) -> Submission:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.state == state:
            return submission
        time.sleep(0.2)
    raise AssertionError(f"{submission} is {submission.state}, expected {state}")


def test_the_sweeper_reenqueues_a_row_whose_message_was_lost(
    tra, officer, supervisor, sandbox_credential, settings
):
    submission = _approved_with_its_message_lost(tra, officer, supervisor)
    with running_worker():
        time.sleep(1.5)
        submission.refresh_from_db()
        assert submission.state == SubmissionState.QUEUED
        # Not yet: the message might only be slow.
        assert outbox.sweep() == []
        later = timezone.now() + timedelta(seconds=settings.DELIVERY_REENQUEUE_AFTER_SECONDS + 1)
        assert outbox.sweep(now=later) == [submission.pk]
        _wait_for(submission, SubmissionState.SUCCEEDED)
    assert len(held_by_sandbox(tra)) == 1


def test_the_sweeper_enqueues_a_row_whose_worker_died_mid_send(
    tra, officer, supervisor, sandbox_credential
):
    submission = _approved_with_its_message_lost(tra, officer, supervisor)
    assert outbox.claim(submission.pk) is not None  # then the worker was killed
    with running_worker():
        assert outbox.sweep() == []  # its lease has not run out
        Submission.objects.filter(pk=submission.pk).update(
            lease_expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert outbox.sweep() == [submission.pk]
        submission = _wait_for(submission, SubmissionState.SUCCEEDED)
    # What the dead worker sent may have landed: the service was asked before resending.
    assert calls(submission, "POST", "/search") == 1
    assert len(held_by_sandbox(tra)) == 1


def test_a_worker_delivers_an_approval_end_to_end(
    tra, officer, supervisor, sandbox_credential, worker
):
    app.control.purge()
    submission = approved_submission(tra, officer, supervisor)
    _wait_for(submission, SubmissionState.SUCCEEDED)
    assert len(held_by_sandbox(tra)) == 1
