"""Is this deployment ready to take work? The checks behind /readyz.

Each check answers on its own (one failing does not hide the others) and explains itself
in a short sentence with no URL, host, password or stack trace: /readyz is unauthenticated.
The full error goes to the log for operators.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.utils import timezone

from dtro_app.models.heartbeats import SWEEPER, last_beat

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, **({"detail": self.detail} if self.detail else {})}


def database() -> Check:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True)


def broker() -> Check:
    from celery import current_app as app

    # Read from settings (where the Celery app reads it too), so tests can point it elsewhere.
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        # The file broker has no server to reach: it works as long as its folder takes files.
        folder = str(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in") or "")
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return Check(True)
        return Check(False, "the broker's folder is missing or not writable")
    with app.connection_for_write(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
        # kombu's stub says whole seconds, but kombu waits fractions of one just as well.
        connection.ensure_connection(
            max_retries=1,
            interval_start=0,
            interval_step=0.5,  # type: ignore[arg-type]
            timeout=BROKER_TIMEOUT_SECONDS,  # type: ignore[arg-type]
        )
    return Check(True)


def sweeper(now: datetime | None = None) -> Check:
    beat_at = last_beat(SWEEPER)
    if beat_at is None:
        return Check(False, "the outbox sweeper has never run (is Celery beat running?)")
    age = ((now or timezone.now()) - beat_at).total_seconds()
    limit = settings.READYZ_SWEEP_MAX_AGE_SECONDS
    if age > limit:
        return Check(
            False,
            f"the outbox sweeper last ran {age:.0f} s ago (limit {limit} s); "
            "is Celery beat running?",
        )
    return Check(True, f"last ran {age:.0f} s ago")


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database,
    "broker": broker,
    "sweeper": sweeper,
}


def run_checks() -> dict[str, Check]:
    results: dict[str, Check] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:
            # Only the kind of error leaves the process; its text may hold a host or a URL.
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = Check(False, f"{_what_failed(name)} ({type(exc).__name__})")
    return results


def _what_failed(name: str) -> str:
    return {
        "database": "the database did not answer",
        "broker": "the broker did not answer",
        "sweeper": "could not read when the outbox sweeper last ran",
    }.get(name, "the check failed")
