"""When to try again: exponential backoff with jitter up to a cap, Retry-After honoured;
and when to stop: only when a change is older than the age limit (days, not attempts)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings

from dtro_validation.document_parts import provisions_of, source_of
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


def not_before(document: Any, *, today: date) -> date | None:
    """The day the service will first accept `document`, when that is after `today`.

    The service refuses a `comingIntoForceDate` (of the order or of a provision) after today
    in UTC; an order approved ahead of that day waits in the outbox until it comes.
    """
    dated = [source_of(document) or {}, *provisions_of(document)]
    days = [day for node in dated if (day := _day(node.get("comingIntoForceDate")))]
    latest = max(days, default=None)
    return latest if latest is not None and latest > today else None


def start_of(day: date) -> datetime:
    """The first moment (UTC) at which the service accepts a date of `day`, with a minute's
    margin for clocks that differ."""
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(minutes=1)


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
