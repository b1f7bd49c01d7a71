"""The gateway in front of the service: service-wide switches and the proxy's spike arrest.

Apigee's SpikeArrest on the D-TRO proxy has no client identifier, so it is one limit for
every caller, checked before the token. It smooths R a minute into one request every
60/R seconds with a small burst. Here that is a GCRA whose state (the theoretical arrival
time) sits in one database row, advanced by a single conditional UPDATE, so every server
process shares one limit on PostgreSQL and SQLite alike.

The switches live in the same row (`SandboxGateway`, id 1), so tests and benchmarks can flip
them without a restart; an empty field falls back to the SANDBOX_* setting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from sandbox import clock, faults
from sandbox.errors import spike_arrest
from sandbox.models import SandboxGateway, SandboxInFlight

ROW_ID = 1
# The real gateway's rate, quoted by an injected 429 while the spike arrest here is off.
DEFAULT_PER_MINUTE = 120


@dataclass(frozen=True)
class Switches:
    spike_arrest_per_minute: int
    spike_arrest_burst: int
    refuse_duplicates: bool
    track_in_flight: bool


def _row() -> SandboxGateway | None:
    return SandboxGateway.objects.filter(pk=ROW_ID).first()


def switches() -> Switches:
    """The switches in force: the row's fields where set, else the settings'."""
    row = _row()

    def stored(field: str) -> Any:
        return getattr(row, field) if row is not None else None

    per_minute, burst = stored("spike_arrest_per_minute"), stored("spike_arrest_burst")
    refuse, track = stored("refuse_duplicates"), stored("track_in_flight")
    return Switches(
        spike_arrest_per_minute=(
            settings.SANDBOX_SPIKE_ARREST_PER_MINUTE if per_minute is None else per_minute
        ),
        spike_arrest_burst=settings.SANDBOX_SPIKE_ARREST_BURST if burst is None else burst,
        refuse_duplicates=(settings.SANDBOX_REFUSE_DUPLICATES if refuse is None else bool(refuse)),
        track_in_flight=settings.SANDBOX_TRACK_IN_FLIGHT if track is None else bool(track),
    )


def refuse_duplicates() -> bool:
    return switches().refuse_duplicates


def _save(**fields: object) -> None:
    SandboxGateway.objects.update_or_create(pk=ROW_ID, defaults=fields)


def set_spike_arrest(per_minute: int | None, burst: int | None = None) -> None:
    """Change the spike arrest at run time (None: back to the settings); starts afresh."""
    _save(spike_arrest_per_minute=per_minute, spike_arrest_burst=burst, spike_arrest_tat_us=0)


def set_refuse_duplicates(value: bool | None) -> None:
    _save(refuse_duplicates=value)


def set_track_in_flight(value: bool | None) -> None:
    _save(track_in_flight=value)


# --- spike arrest ---------------------------------------------------------------------------


def _now_us() -> int:
    return int(time.time() * 1_000_000)


def _advance(now: int, interval: int, tolerance: int) -> int:
    """Take one slot if the bucket allows it; the number of rows changed (0: refused)."""
    table = SandboxGateway._meta.db_table
    # max(tat, now) written as CASE: PostgreSQL has GREATEST, SQLite has max(a, b).
    start = "CASE WHEN spike_arrest_tat_us > %s THEN spike_arrest_tat_us ELSE %s END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET spike_arrest_tat_us = {start} + %s "  # noqa: S608
            f"WHERE id = %s AND {start} + %s - %s <= %s",
            [now, now, interval, ROW_ID, now, now, interval, now, tolerance],
        )
        return cursor.rowcount


def admit(current: Switches) -> None:
    """Let one request through the proxy-wide spike arrest, or raise Apigee's 429."""
    per_minute = current.spike_arrest_per_minute
    if per_minute <= 0:
        return
    interval = 60_000_000 // per_minute
    # A request is allowed while the arrival time it would set is within `burst` slots.
    tolerance = max(1, current.spike_arrest_burst) * interval
    now = _now_us()
    changed = _advance(now, interval, tolerance)
    if not changed and not SandboxGateway.objects.filter(pk=ROW_ID).exists():
        SandboxGateway.objects.get_or_create(pk=ROW_ID)
        changed = _advance(now, interval, tolerance)
    if not changed:
        faults.count("spike_arrest")
        raise spike_arrest(per_minute, current.spike_arrest_burst)


# --- requests in flight ---------------------------------------------------------------------


@contextmanager
def in_flight(request: HttpRequest, *, track: bool) -> Iterator[None]:
    """Keep a row for this request while it is inside the sandbox (only when tracking).

    The row is committed on arrival (autocommit), so a benchmark reading the table with
    plain SQL sees it while the request is held, and removed however the request ends.
    """
    if not track:
        yield
        return
    row = SandboxInFlight.objects.create(
        method=request.method or "",
        path=request.path,
        user_agent=request.headers.get("User-Agent", ""),
        started=clock.now(),
    )
    try:
        yield
    finally:
        SandboxInFlight.objects.filter(pk=row.pk).delete()
