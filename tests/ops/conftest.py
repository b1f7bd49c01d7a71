"""A delivery queue of two TRAs with known figures, for the Delivery health page and /metrics.

TRA 99999 (`tra`): 2 queued (one 3 hours old), 1 waiting to retry, 1 failed, 1 published;
attempts in the last day 2 transient + 1 succeeded, and one transient two days ago; 429s in
the last day: 2 (plus one two days ago). Its credential uses a sandbox environment whose
circuit is open. TRA 99998 (`other_tra`): 1 queued (10 hours old) with 4 rate-limited
attempts and 5 429s, on another environment that is working.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from factories import approved_submission, make_credential
from ops_figures import OUR_URL, THEIR_URL

from dtro_app.models import ServiceEndpoint, Submission, SubmissionAttempt
from outbound.models import OutboundCall
from tests.conftest import make_user


@pytest.fixture
def other_supervisor(other_tra: Any) -> Any:
    return make_user("supervisor@second.example", other_tra, "supervisor", staff=True)


def _submission(authority: Any, officer: Any, approver: Any, state: str, age: timedelta) -> Any:
    submission = approved_submission(authority, officer, approver)
    Submission.objects.filter(pk=submission.pk).update(state=state, created_at=timezone.now() - age)
    return submission


def _attempt(submission: Any, outcome: str, started: datetime, number: int) -> None:
    SubmissionAttempt.objects.create(
        submission=submission, number=number, started_at=started, outcome=outcome
    )


def _calls(credential: Any, count: int, *, status: int, outcome: str, at: datetime) -> None:
    for _ in range(count):
        call = OutboundCall.objects.create(
            service="dtro",
            authority=credential.authority,
            credential=credential,
            method="POST",
            path="/dtros/createFromBody",
            correlation_id="c",
            status=status,
            outcome=outcome,
        )
        OutboundCall.objects.filter(pk=call.pk).update(created_at=at)


@pytest.fixture
def seeded_queue(
    tra: Any, other_tra: Any, officer: Any, supervisor: Any, other_officer: Any
) -> dict[str, Any]:
    now = timezone.now()
    ours = make_credential(tra, OUR_URL, "ours", "secret-ours")
    theirs = make_credential(other_tra, THEIR_URL, "theirs", "secret-theirs")

    oldest = _submission(tra, officer, supervisor, "queued", timedelta(hours=3))
    _submission(tra, officer, supervisor, "queued", timedelta(minutes=5))
    waiting = _submission(tra, officer, supervisor, "retry_wait", timedelta(hours=1))
    _submission(tra, officer, supervisor, "failed", timedelta(hours=30))
    _submission(tra, officer, supervisor, "succeeded", timedelta(days=3))
    _attempt(waiting, "transient", now - timedelta(hours=1), 1)
    _attempt(waiting, "transient", now - timedelta(minutes=30), 2)
    _attempt(oldest, "succeeded", now - timedelta(minutes=10), 1)
    _attempt(oldest, "transient", now - timedelta(days=2), 2)
    _calls(ours, 2, status=429, outcome="transient", at=now - timedelta(hours=2))
    _calls(ours, 1, status=429, outcome="transient", at=now - timedelta(days=2))
    _calls(ours, 3, status=201, outcome="success", at=now - timedelta(hours=2))

    other_supervisor = make_user("approver@second.example", other_tra, "supervisor")
    theirs_waiting = _submission(
        other_tra, other_officer, other_supervisor, "queued", timedelta(hours=10)
    )
    for number in range(1, 5):
        _attempt(theirs_waiting, "rate_limited", now - timedelta(minutes=number), number)
    _calls(theirs, 5, status=429, outcome="transient", at=now - timedelta(minutes=1))

    ServiceEndpoint.objects.create(
        base_url=OUR_URL,
        consecutive_failures=6,
        failing_since=now - timedelta(minutes=20),
        opened_at=now - timedelta(minutes=15),
        next_probe_at=now + timedelta(minutes=1),
        rate_limited_total=3,
    )
    ServiceEndpoint.objects.create(base_url=THEIR_URL, rate_limited_total=5)
    return {"now": now, "oldest": oldest, "ours": ours, "theirs": theirs}
