"""When to try again: exponential backoff with full jitter, Retry-After honoured."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings


def backoff_seconds(attempts: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait before attempt `attempts + 1`.

    Equal jitter (between half the exponential cap and the cap) spreads retries from many
    workers; the service's Retry-After, when given, is a floor.
    """
    cap = min(
        settings.DELIVERY_BACKOFF_MAX_SECONDS,
        settings.DELIVERY_BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1),
    )
    wait = random.uniform(cap / 2, cap)  # jitter, not cryptography
    if retry_after is not None:
        wait = max(wait, retry_after)
    return wait


def out_of_retries(attempts: int, window_started_at: datetime, now: datetime) -> bool:
    too_old = now - window_started_at > timedelta(seconds=settings.DELIVERY_MAX_AGE_SECONDS)
    return attempts >= settings.DELIVERY_MAX_ATTEMPTS or too_old
