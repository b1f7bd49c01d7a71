"""Fault injection: latency, 5xx, 429, held responses and "commit, then drop the response".

Switches come from, in order of precedence: the app's own SandboxFaultSetting row, the
global row (no app), then SANDBOX_FAULT_* environment variables. All off by default.
Random draws use one seedable generator (`seed()` or SANDBOX_FAULT_SEED) so tests repeat.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

from django.http import HttpRequest

from sandbox.models import SandboxApp, SandboxFaultSetting


@dataclass(frozen=True)
class FaultPlan:
    latency_ms: int = 0
    error_5xx_rate: float = 0.0
    error_5xx_status: int = 503
    rate_429_rate: float = 0.0
    retry_after_seconds: int | None = None
    timeout_rate: float = 0.0
    timeout_seconds: float = 35.0
    drop_rate: float = 0.0
    drop_hold_seconds: float = 35.0

    @property
    def is_off(self) -> bool:
        return not (
            self.latency_ms
            or self.error_5xx_rate
            or self.rate_429_rate
            or self.timeout_rate
            or self.drop_rate
        )


_FIELDS = [f.name for f in fields(FaultPlan)]
_random = random.Random(os.environ.get("SANDBOX_FAULT_SEED"))


def seed(value: int | str | None) -> None:
    """Make the next random fault decisions repeatable."""
    _random.seed(value)


def roll(rate: float) -> bool:
    return rate >= 1.0 or (rate > 0.0 and _random.random() < rate)


def _env_plan() -> FaultPlan:
    def number(name: str, cast: type, default: Any) -> Any:
        raw = os.environ.get(f"SANDBOX_FAULT_{name}")
        return cast(raw) if raw not in (None, "") else default

    return FaultPlan(
        latency_ms=number("LATENCY_MS", int, 0),
        error_5xx_rate=number("5XX_RATE", float, 0.0),
        error_5xx_status=number("5XX_STATUS", int, 503),
        rate_429_rate=number("429_RATE", float, 0.0),
        retry_after_seconds=number("RETRY_AFTER_SECONDS", int, None),
        timeout_rate=number("TIMEOUT_RATE", float, 0.0),
        timeout_seconds=number("TIMEOUT_SECONDS", float, 35.0),
        drop_rate=number("DROP_RATE", float, 0.0),
        drop_hold_seconds=number("DROP_HOLD_SECONDS", float, 35.0),
    )


def plan_for(app: SandboxApp | None) -> FaultPlan:
    rows = SandboxFaultSetting.objects.filter(enabled=True)
    row = rows.filter(app=app).first() if app is not None else None
    row = row or rows.filter(app__isnull=True).first()
    if row is None:
        return _env_plan()
    return FaultPlan(**{name: getattr(row, name) for name in _FIELDS})


@contextmanager
def configure(*, app: SandboxApp | None = None, **switches: Any) -> Iterator[SandboxFaultSetting]:
    """Switch faults on for one app (or globally) inside a `with` block, then restore.

    >>> with faults.configure(error_5xx_rate=1.0): ...
    """
    unknown = set(switches) - set(_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fault switches: {', '.join(sorted(unknown))}")
    previous = list(SandboxFaultSetting.objects.filter(app=app, enabled=True))
    SandboxFaultSetting.objects.filter(pk__in=[p.pk for p in previous]).update(enabled=False)
    setting = SandboxFaultSetting.objects.create(app=app, **switches)
    try:
        yield setting
    finally:
        setting.delete()
        SandboxFaultSetting.objects.filter(pk__in=[p.pk for p in previous]).update(enabled=True)


def set_faults(*, app: SandboxApp | None = None, **switches: Any) -> SandboxFaultSetting:
    """Set switches until cleared (for a run rather than a block)."""
    setting, _ = SandboxFaultSetting.objects.update_or_create(
        app=app, defaults={"enabled": True, **switches}
    )
    return setting


def clear(app: SandboxApp | None = None) -> None:
    SandboxFaultSetting.objects.filter(app=app).delete()


def hold(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


def drop_connection(request: HttpRequest, plan: FaultPlan) -> None:
    """Close the client's connection with no HTTP response, after the write committed.

    Under gunicorn the raw socket is in the WSGI environ; shutting it down makes the
    client see the connection close (gunicorn's later write fails with EPIPE, which it
    ignores). Elsewhere (test client, runserver) hold the answer so the client times out.
    """
    raw = request.META.get("gunicorn.socket")
    if isinstance(raw, socket.socket):
        with contextlib.suppress(OSError):
            raw.shutdown(socket.SHUT_RDWR)
        return
    hold(plan.drop_hold_seconds)
