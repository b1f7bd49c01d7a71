"""One request budget per D-TRO service environment, shaped like the gateway's spike arrest.

The gateway refuses requests that come faster than its rate (120 a minute is one every
500 ms) for the whole proxy, whoever sends them. So every process that calls the same base
URL shares one budget: a generic cell rate algorithm kept in the environment's
`ServiceEndpoint` row. Taking a turn is one conditional UPDATE that reserves the next slot
(at most `DTRO_RATE_MAX_WAIT_SECONDS` ahead) and returns it; the caller waits for its slot.
Reserving rather than refusing spaces the requests of many workers evenly with no retries,
and a worker never waits longer than a few slots. The same row holds the circuit breaker:
while it is open, no turn is given except to the probe.

The statement runs before every call, so it is written in SQL (the ORM version of the old
bucket cost fifteen times the CPU, `bench/profile_delivery.py`).
"""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.db.models import F
from django.utils import timezone

from dtro_app.models import ServiceEndpoint, endpoint_key

# max(next slot, now): the spacing starts from now when the budget has been idle.
_BASE = "(CASE WHEN next_slot_epoch > %(now)s THEN next_slot_epoch ELSE %(now)s END)"
_INTERVAL = "(60.0 / COALESCE(rate_limit_per_minute, %(rate)s))"
_TAKE_TURN = (
    "UPDATE {table} SET next_slot_epoch = {base} + {interval}"
    " WHERE base_url = %(key)s AND (opened_at IS NULL OR %(probe)s)"
    " AND {base} + {interval} * (1 - %(burst)s) - %(now)s <= %(max_wait)s"
    " RETURNING next_slot_epoch - {interval} * %(burst)s, consecutive_failures"
)


@dataclass(frozen=True)
class Turn:
    """A reserved slot: wait `wait` seconds, then send."""

    wait: float
    # The environment has failed recently: a success should reset its circuit.
    had_failures: bool


@dataclass(frozen=True)
class Refusal:
    """No turn now: the circuit is open (the service is not answering) or the budget is
    booked further ahead than a caller may wait. Try again after `retry_after` seconds."""

    retry_after: float
    circuit_open: bool
    failing_since: datetime | None = None


def take_turn(
    base_url: str, *, probe: bool = False, max_wait: float | None = None
) -> Turn | Refusal:
    """Reserve the next request slot of the environment behind `base_url`. Never sleeps."""
    key = endpoint_key(base_url)
    now = time.time()
    params: dict[str, float | int | str | bool] = {
        "now": now,
        "rate": settings.DTRO_RATE_LIMIT_PER_MINUTE,
        "burst": max(1, settings.DTRO_RATE_BURST),
        "key": key,
        "probe": probe,
        "max_wait": settings.DTRO_RATE_MAX_WAIT_SECONDS if max_wait is None else max_wait,
    }
    sql = _TAKE_TURN.format(
        table=connection.ops.quote_name(ServiceEndpoint._meta.db_table),
        base=_BASE,
        interval=_INTERVAL,
    )
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            send_at, failures = row
            return Turn(wait=max(0.0, send_at - now), had_failures=bool(failures))
        endpoint = ServiceEndpoint.objects.filter(base_url=key).first()
        if endpoint is None:
            # The environment's first call: create its row, then take a turn.
            with suppress(IntegrityError):  # another process may create it first
                ServiceEndpoint.objects.create(base_url=key, next_slot_epoch=0.0)
            continue
        refusal = _refusal(endpoint, now, params)
        if refusal is not None:
            return refusal
        # The row was created by another process between our UPDATE and our read.
    return Refusal(retry_after=1.0, circuit_open=False)


def _refusal(endpoint: ServiceEndpoint, now: float, params: dict[str, Any]) -> Refusal | None:
    """Why the UPDATE matched nothing, or None if it would match now."""
    if endpoint.opened_at is not None:
        probe_at = endpoint.next_probe_at or timezone.now()
        return Refusal(
            retry_after=max(1.0, (probe_at - timezone.now()).total_seconds()),
            circuit_open=True,
            failing_since=endpoint.failing_since,
        )
    interval = 60.0 / (endpoint.rate_limit_per_minute or params["rate"])
    earliest = max(endpoint.next_slot_epoch, now) + interval * (1 - params["burst"])
    if earliest - now <= params["max_wait"]:
        return None
    return Refusal(retry_after=max(1.0, earliest - now - params["max_wait"]), circuit_open=False)


def slow_down(base_url: str, retry_after: float) -> None:
    """The service answered 429: no slot for anyone before `retry_after` seconds from now,
    and no burst straight after it."""
    burst = max(1, settings.DTRO_RATE_BURST)
    rows = ServiceEndpoint.objects.filter(base_url=endpoint_key(base_url))
    endpoint = rows.first()
    rate = (endpoint and endpoint.rate_limit_per_minute) or settings.DTRO_RATE_LIMIT_PER_MINUTE
    pushed = time.time() + retry_after + 60.0 / rate * (burst - 1)
    rows.filter(next_slot_epoch__lt=pushed).update(next_slot_epoch=pushed)
    rows.update(rate_limited_total=F("rate_limited_total") + 1)
