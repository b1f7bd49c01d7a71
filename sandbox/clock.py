"""One place to read the time, so tests can move it with time_machine."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def iso_utc(moment: datetime | None) -> str | None:
    """UTC with whole seconds and a `Z`, as the service writes eventTime and created."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
