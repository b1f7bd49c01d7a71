"""When each periodic job last ran, for readiness checks and metrics.

One row per job name, overwritten on every run, so the table never grows. It lives in the
database rather than the cache because every web process must see the same answer.
"""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
