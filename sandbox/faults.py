"""Fault injection: latency, 5xx, 429, held responses and "commit, then drop the response".

Switches come from, in order of precedence: the app's own SandboxFaultSetting row, the
global row (no app), then the SANDBOX_FAULTS setting (read from SANDBOX_FAULT_* variables
when the process starts). All off by default.

Random draws use one generator per process. With the SANDBOX_FAULT_SEED setting it is seeded from
that seed and the process id, so gunicorn workers draw different but repeatable
sequences; without it, from the OS. `seed()` fixes the sequence for a test.

Every injected fault is counted by kind in `SandboxFaultCount`, so a benchmark can
compare what the sandbox did with what its client saw, across all server processes.
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

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from sandbox.models import SandboxApp, SandboxFaultCount, SandboxFaultSetting

# Kinds of fault counted; the names are what `injected_counts()` and the table hold.
BEFORE_COMMIT_5XX = "5xx_before_commit"
AFTER_COMMIT_5XX = "5xx_after_commit"
INJECTED_429 = "429"
SPIKE_ARREST = "spike_arrest"
TIMEOUT_AFTER_COMMIT = "timeout_after_commit"
DROP_AFTER_COMMIT = "drop_after_commit"
# A read answered too late for the client (the timeout switch applied to a read).
SLOW_READ = "slow_read"
KINDS = (
    BEFORE_COMMIT_5XX,
    AFTER_COMMIT_5XX,
    INJECTED_429,
    SPIKE_ARREST,
    TIMEOUT_AFTER_COMMIT,
    DROP_AFTER_COMMIT,
    SLOW_READ,
)


@dataclass(frozen=True)
class FaultPlan:
    latency_ms: int = 0
    error_5xx_rate: float = 0.0
    error_5xx_status: int = 503
    error_5xx_after_rate: float = 0.0
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
            or self.error_5xx_after_rate
            or self.rate_429_rate
            or self.timeout_rate
            or self.drop_rate
        )


_FIELDS = [f.name for f in fields(FaultPlan)]
_random = random.Random()
_seeded_in: int | None = None  # the process the generator was seeded in


def process_seed(base: str | None, pid: int) -> str | None:
    """This process's seed: the configured one plus the pid, or None for OS randomness."""
    return None if base in (None, "") else f"{base}:{pid}"


def _generator() -> random.Random:
    # Checked at draw time, not import time: gunicorn forks workers after importing.
    global _seeded_in
    pid = os.getpid()
    if _seeded_in != pid:
        _random.seed(process_seed(settings.SANDBOX_FAULT_SEED, pid))
        _seeded_in = pid
    return _random


def seed(value: int | str | None) -> None:
    """Make this process's next random fault decisions repeatable."""
    global _seeded_in
    _random.seed(value)
    _seeded_in = os.getpid()


def roll(rate: float) -> bool:
    return rate >= 1.0 or (rate > 0.0 and _generator().random() < rate)


def count(kind: str) -> None:
    """Add one to a kind's count in one statement, so concurrent processes never lose one."""
    if kind not in KINDS:
        raise ValueError(f"Unknown fault kind: {kind}")
    table = SandboxFaultCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, count) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (kind) DO UPDATE SET count = {table}.count + 1",
            [kind],
        )


def injected_counts() -> dict[str, int]:
    """Faults injected so far, by kind (every kind present, zero when none)."""
    counts = dict.fromkeys(KINDS, 0)
    counts.update(SandboxFaultCount.objects.values_list("kind", "count"))
    return counts


def reset_counts() -> None:
    SandboxFaultCount.objects.all().delete()


# SANDBOX_FAULT_<suffix> -> the switch it sets in the SANDBOX_FAULTS setting.
ENV_SWITCHES: dict[str, str] = {
    "LATENCY_MS": "latency_ms",
    "5XX_RATE": "error_5xx_rate",
    "5XX_STATUS": "error_5xx_status",
    "5XX_AFTER_RATE": "error_5xx_after_rate",
    "429_RATE": "rate_429_rate",
    "RETRY_AFTER_SECONDS": "retry_after_seconds",
    "TIMEOUT_RATE": "timeout_rate",
    "TIMEOUT_SECONDS": "timeout_seconds",
    "DROP_RATE": "drop_rate",
    "DROP_HOLD_SECONDS": "drop_hold_seconds",
}


def unknown_environment_names() -> list[str]:
    """SANDBOX_FAULT_* variables that switch nothing (a misspelt one would fail silently)."""
    known = {f"SANDBOX_FAULT_{suffix}" for suffix in ENV_SWITCHES} | {"SANDBOX_FAULT_SEED"}
    return sorted(n for n in settings.SANDBOX_FAULT_VARIABLES if n not in known)


def _settings_plan() -> FaultPlan:
    switches: dict[str, Any] = settings.SANDBOX_FAULTS
    return FaultPlan(**switches)


def plan_for(app: SandboxApp | None) -> FaultPlan:
    rows = SandboxFaultSetting.objects.filter(enabled=True)
    row = rows.filter(app=app).first() if app is not None else None
    row = row or rows.filter(app__isnull=True).first()
    if row is None:
        return _settings_plan()
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
