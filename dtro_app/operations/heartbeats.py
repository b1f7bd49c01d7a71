"""Periodic jobs say they ran (`beat`), and health checks ask when they last did (`last_beat`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from dtro_app.models import Heartbeat

SWEEPER = "sweeper"


def beat(name: str) -> None:
    """Record that the job `name` ran now: one upsert, so the table holds one row a job."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def last_beat(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
