"""When each periodic job last ran, for readiness checks and metrics.

One row per job name, overwritten on every run, so the table never grows. It lives in the
database rather than the cache because every web process must see the same answer.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone

SWEEPER = "sweeper"


class Heartbeat(models.Model):
    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


def beat(name: str) -> None:
    """Record that the job `name` ran now: one upsert, so the table holds one row a job."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def last_beat(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
