"""Fairness: a batch of thousands never makes a single urgent change wait behind it.

A single change is messaged to the workers the moment it is approved (and by the sweeper
first). The changes of a batch are not: this feeder, run by the outbox's beat, messages
them a slice at a time, at most what the environment's budget sends before the next beat
(`rate per minute x DELIVERY_SWEEP_SECONDS / 60`, counting those already messaged and not
yet sent). So the broker never holds more than one beat's worth of batch work, and a single
change approved at any moment waits behind that much at most, not behind the whole batch.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dtro_app.client.circuit import credentials_held_back
from dtro_app.models import ServiceEndpoint, Submission, SubmissionState, endpoint_key
from dtro_app.publishing.outbox import blocked_by_earlier_change, enqueue

WAITING = (SubmissionState.QUEUED, SubmissionState.RETRY_WAIT)


def slice_size(rate_per_minute: int, sweep_seconds: int) -> int:
    """Batch changes an environment may have messaged at once: one beat's worth."""
    return max(1, math.ceil(rate_per_minute * sweep_seconds / 60))


def _rate_of(base_url: str) -> int:
    endpoint = ServiceEndpoint.objects.filter(base_url=endpoint_key(base_url)).first()
    return (endpoint and endpoint.rate_limit_per_minute) or settings.DTRO_RATE_LIMIT_PER_MINUTE


def feed(*, now: datetime | None = None) -> list[int]:
    """Message the next slice of each environment's batch changes; return their ids."""
    now = now or timezone.now()
    fresh_message = now - timedelta(seconds=settings.DELIVERY_REENQUEUE_AFTER_SECONDS)
    held_back = set(credentials_held_back())
    batch_rows = Submission.objects.filter(batch__isnull=False)
    credentials = (
        batch_rows.filter(state__in=WAITING)
        .exclude(credential_id__in=held_back)
        .values_list("credential_id", "credential__base_url")
        .distinct()
    )
    by_environment: dict[str, list[int]] = {}
    for credential_id, base_url in credentials:
        by_environment.setdefault(endpoint_key(base_url or ""), []).append(credential_id)
    fed: list[int] = []
    for base_url, credential_ids in by_environment.items():
        mine = batch_rows.filter(credential_id__in=credential_ids)
        in_flight = mine.filter(
            Q(state=SubmissionState.SENDING)
            | Q(state__in=WAITING, message_due_at__gte=fresh_message)
        ).count()
        room = slice_size(_rate_of(base_url), settings.DELIVERY_SWEEP_SECONDS) - in_flight
        if room <= 0:
            continue
        ids = list(
            mine.filter(state__in=WAITING, next_attempt_at__lte=now)
            .filter(Q(message_due_at__isnull=True) | Q(message_due_at__lt=fresh_message))
            .exclude(blocked_by_earlier_change())
            .order_by("batch__created_at", "created_at", "pk")
            .values_list("pk", flat=True)[:room]
        )
        for submission_id in ids:
            enqueue(submission_id)
        fed.extend(ids)
    return fed
