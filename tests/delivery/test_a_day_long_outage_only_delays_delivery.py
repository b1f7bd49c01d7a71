"""A simulated 24-hour outage of the D-TRO service with 500 changes of 3 TRAs waiting: none
fails, each TRA's supervisors get one digest email, and once the service answers again
everything is published, in order, no faster than the environment's budget."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db.models import Count
from django.utils import timezone
from factories import sandbox_credential_for, valid_document

from dtro_app.approvals.services import approve
from dtro_app.drafting.services import create_dtro, save_draft, send_for_approval
from dtro_app.models import (
    ChangeAction,
    ServiceEndpoint,
    Submission,
    SubmissionState,
    TrafficAuthority,
)
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.publishing import tasks
from dtro_app.publishing.outbox import blocked_by_earlier_change
from dtro_app.publishing.runner import deliver
from outbound.models import OutboundCall
from sandbox import faults
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

ORDERS_PER_TRA = (84, 83, 83)  # 250 orders, each a create and an amendment: 500 changes
TOTAL = 2 * sum(ORDERS_PER_TRA)
RATE_PER_MINUTE = 1200  # fast enough for a test; the spacing is what is checked


def _approve(revision: Any, officer: Any, supervisor: Any) -> Submission:
    send_for_approval(revision, user=officer)
    return approve(revision, user=supervisor)


def _queue_changes(authority: Any, officer: Any, supervisor: Any, orders: int) -> None:
    for index in range(orders):
        document = valid_document(authority, name_suffix=f"order {index}")
        dtro = create_dtro(authority=authority, user=officer, document=document)
        _approve(dtro.current_revision, officer, supervisor)
        amended = valid_document(authority, name_suffix=f"order {index} amended")
        _approve(save_draft(dtro, user=officer, document=amended), officer, supervisor)


def _sweep_at(moment: Any) -> None:
    with time_machine.travel(moment, tick=False):
        tasks.sweep_outbox()


def test_a_day_long_outage_fails_nothing_and_drains_in_order_at_the_budget_rate(
    tra: Any, other_tra: Any, sandbox_url: str, settings: Any
) -> None:
    settings.DTRO_RATE_LIMIT_PER_MINUTE = RATE_PER_MINUTE
    settings.DTRO_RATE_BURST = 2
    settings.DELIVERY_CIRCUIT_FAILURES = 5
    settings.DELIVERY_CIRCUIT_PROBE_SECONDS = 60
    settings.DELIVERY_OUTAGE_NOTICE_AFTER_SECONDS = 15 * 60
    third = TrafficAuthority.objects.create(code=99997, name="Third District Council")
    supervisors = []
    for authority, orders in zip((tra, other_tra, third), ORDERS_PER_TRA, strict=True):
        slug = authority.code
        officer = make_user(f"officer@{slug}.example", authority, "officer")
        supervisor = make_user(f"supervisor@{slug}.example", authority, "supervisor")
        supervisors.append(supervisor.email)
        sandbox_credential_for(authority, sandbox_url)
        _queue_changes(authority, officer, supervisor, orders)
    assert Submission.objects.filter(state__in=PENDING_STATES).count() == TOTAL
    mail.outbox.clear()

    started = timezone.now()
    with faults.configure(error_5xx_rate=1.0, error_5xx_status=503):
        # The first sends fail until the circuit opens; then nothing more is sent.
        first_changes = Submission.objects.filter(sequence=1).order_by("created_at")[:8]
        for submission in first_changes:
            deliver(submission.pk)
        endpoint = ServiceEndpoint.objects.get()
        assert endpoint.is_open
        calls_when_opened = OutboundCall.objects.count()
        # A day of sweeps every 10 minutes: probes fail, nothing else is sent or failed.
        for minutes in range(10, 24 * 60 + 1, 10):
            _sweep_at(started + timedelta(minutes=minutes))

        probes = OutboundCall.objects.filter(path="/schemas/versions").count()
        assert OutboundCall.objects.count() - calls_when_opened <= 2 * probes  # probes and tokens
        assert probes >= 24 * 60 // 10 - 1  # about one per sweep (a probe is due every minute)

    assert not Submission.objects.filter(state=SubmissionState.FAILED).exists()
    assert Submission.objects.filter(state__in=PENDING_STATES).count() == TOTAL
    # One digest per TRA for the whole outage, not one per change.
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(supervisors)
    assert all("will be sent automatically" in m.body for m in mail.outbox)

    # The service answers again: the next sweep's probe closes the circuit and drains.
    recovered_at = started + timedelta(hours=24, minutes=10)
    before_recovery = OutboundCall.objects.order_by("-pk").values_list("pk", flat=True).first()
    with time_machine.travel(recovered_at, tick=True):
        tasks.sweep_outbox()
        assert not ServiceEndpoint.objects.get().is_open
        # A worker: send whatever is due, earliest first, until nothing is pending.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            due = (
                Submission.objects.filter(
                    state__in=(SubmissionState.QUEUED, SubmissionState.RETRY_WAIT),
                    next_attempt_at__lte=timezone.now(),
                )
                .exclude(blocked_by_earlier_change())
                .order_by("next_attempt_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            if due is None:
                if not Submission.objects.filter(state__in=PENDING_STATES).exists():
                    break
                time.sleep(0.02)
                continue
            deliver(due)

    states = dict(Submission.objects.values_list("state").annotate(n=Count("pk")).order_by())
    assert states == {SubmissionState.SUCCEEDED: TOTAL}
    # In order: every order's create went before its amendment, and the creates went in the
    # order they were approved.
    writes = list(
        OutboundCall.objects.filter(
            pk__gt=before_recovery, path__regex=r"^/dtros/(create|update)FromBody", status__lt=300
        )
        .order_by("pk")
        .values_list("submission_id", "created_at")
    )
    assert len(writes) == TOTAL
    sent_order = [submission_id for submission_id, _ in writes]
    submissions = Submission.objects.in_bulk(sent_order)
    position = {submission_id: index for index, submission_id in enumerate(sent_order)}
    for submission in submissions.values():
        if submission.action == ChangeAction.UPDATE:
            create = Submission.objects.get(dtro_id=submission.dtro_id, sequence=1)
            assert position[create.pk] < position[submission.pk]
    creates = [s for s in sent_order if submissions[s].action == ChangeAction.CREATE]
    assert creates == sorted(creates, key=lambda s: (submissions[s].created_at, s))
    # No faster than the budget: 500 writes (plus reads) need at least 499 intervals.
    elapsed = (writes[-1][1] - writes[0][1]).total_seconds()
    assert elapsed >= (TOTAL - 2) * 60 / RATE_PER_MINUTE * 0.95
