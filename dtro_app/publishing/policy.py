"""When to try again: exponential backoff with jitter up to a cap, Retry-After honoured;
and when to stop: only when a change is older than the age limit (days, not attempts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from outbound.backoff import jittered_backoff


def backoff_seconds(attempts: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait before delivery attempt `attempts + 1` (the DELIVERY_BACKOFF_* settings)."""
    return jittered_backoff(
        attempts,
        base=settings.DELIVERY_BACKOFF_BASE_SECONDS,
        cap=settings.DELIVERY_BACKOFF_MAX_SECONDS,
        retry_after=retry_after,
    )


def too_old(window_started_at: datetime, now: datetime) -> bool:
    """Past the age limit: an outage of any length short of it only delays a change."""
    return now - window_started_at > timedelta(seconds=settings.DELIVERY_MAX_AGE_SECONDS)
