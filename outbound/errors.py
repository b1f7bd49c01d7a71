"""How a failed call to an outside service is classified, for every client.

Callers act on `kind`: permanent (stop; sending the same request again will fail again),
transient (retry later, after `retry_after` seconds when given) and unknown_outcome (a write
may have been applied: reconcile before resending). Each client subclasses these with its
own service's cases; `outcome` is what the call record stores.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

PERMANENT = "permanent"
TRANSIENT = "transient"
UNKNOWN_OUTCOME = "unknown_outcome"
RATE_LIMITED = "rate_limited"


class OutboundError(Exception):
    """A call that did not succeed, with what a caller needs to decide what to do next."""

    kind: ClassVar[str] = PERMANENT
    outcome: ClassVar[str] = PERMANENT

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: Any = None,
        retry_after: float | None = None,
        correlation_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.body = body
        self.retry_after = retry_after
        self.correlation_id = correlation_id

    @property
    def transient(self) -> bool:
        """Sending the same request later may succeed."""
        return self.kind == TRANSIENT

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, status={self.status}, {self.message!r})"


class PermanentError(OutboundError):
    """Refused for good (validation, permissions, not found): do not send it again as is."""

    kind = PERMANENT
    outcome = PERMANENT


class TransientError(OutboundError):
    """Not applied; sending the same request later may succeed."""

    kind = TRANSIENT
    outcome = TRANSIENT


class RateLimited(TransientError):
    """A 429: wait `retry_after` seconds (`advised_wait`: the service's Retry-After, if any)."""

    outcome = RATE_LIMITED
    advised_wait: float | None = None


class UnknownOutcomeError(OutboundError):
    """A write may or may not have been applied: reconcile before resending."""

    kind = UNKNOWN_OUTCOME
    outcome = UNKNOWN_OUTCOME


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
