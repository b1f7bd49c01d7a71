"""Fairness: a single change approved while a batch of thousands waits goes to the workers
at once; the batch is fed a beat's worth at a time (rate x sweep period) behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import awaiting_approval, make_credential, valid_document

from dtro_app.approvals.bulk import awaiting, start_decision
from dtro_app.approvals.services import approve
from dtro_app.models import ServiceEndpoint, Submission
from dtro_app.publishing import batch_feed, outage, outbox
from portal.celery import app

pytestmark = pytest.mark.django_db

BASE_URL = "http://dtro.example.test/v1"


@pytest.fixture
def paced(settings, tra):
    """An environment taking 4 requests a minute, with a beat every 30 s: 2 a beat."""
    settings.DELIVERY_SWEEP_SECONDS = 30
    make_credential(tra, BASE_URL, "client", "secret")
    ServiceEndpoint.objects.create(base_url=BASE_URL, rate_limit_per_minute=4)
    app.control.purge()
    yield
    app.control.purge()  # nothing here runs a worker; leave the test broker empty


@pytest.fixture
def batch_and_single(tra, officer, supervisor, paced, django_capture_on_commit_callbacks):
    for i in range(5):
        awaiting_approval(tra, officer, valid_document(tra, name_suffix=f" batch {i}"))
    with django_capture_on_commit_callbacks(execute=True):
        [batch] = start_decision(supervisor, awaiting(supervisor), approve_them=True)
    urgent = awaiting_approval(tra, officer, valid_document(tra, name_suffix=" urgent"))
    with django_capture_on_commit_callbacks(execute=True):
        single = approve(urgent, user=supervisor)
    batch_rows = list(Submission.objects.filter(batch=batch).order_by("pk"))
    return batch_rows, single


def _messaged(rows):
    return [r.pk for r in rows if Submission.objects.get(pk=r.pk).message_due_at is not None]


def test_the_single_change_is_messaged_at_once_and_the_batch_is_not(batch_and_single):
    batch_rows, single = batch_and_single

    single.refresh_from_db()
    assert single.message_due_at is not None
    assert _messaged(batch_rows) == []


def test_the_sweeper_leaves_batch_changes_to_the_feeder(batch_and_single):
    batch_rows, single = batch_and_single

    outbox.sweep(now=single.created_at + timedelta(hours=1))

    assert _messaged(batch_rows) == []


def test_the_feeder_messages_one_beat_of_the_batch_at_a_time(batch_and_single):
    batch_rows, _ = batch_and_single

    first = batch_feed.feed()
    again = batch_feed.feed()

    assert first == [r.pk for r in batch_rows[:2]]  # 4 a minute x 30 s, oldest first
    assert again == []  # those two are still with the workers
    # Messages lost (no worker took them): the same two are messaged again, no more.
    later = batch_feed.feed(now=batch_feed.timezone.now() + timedelta(minutes=5))
    assert later == first


def test_after_an_outage_single_changes_are_sent_before_batches(batch_and_single):
    batch_rows, single = batch_and_single
    endpoint = ServiceEndpoint.objects.get(base_url=BASE_URL)

    outage.drain(endpoint)

    due = {
        s.pk: s.next_attempt_at
        for s in Submission.objects.filter(pk__in=[single.pk, *(r.pk for r in batch_rows)])
    }
    assert min(due, key=due.__getitem__) == single.pk


def test_a_beat_is_at_least_one_change_and_rounds_up():
    assert batch_feed.slice_size(1, 30) == 1
    assert batch_feed.slice_size(120, 30) == 60
    assert batch_feed.slice_size(7, 30) == 4
