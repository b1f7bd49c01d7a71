"""The D-TRO service's schema versions, cached locally so validation matches the service."""

from __future__ import annotations

from django.db import models


class SchemaVersionRecord(models.Model):
    """One data-spec version as the D-TRO service publishes it (schema, rules, active flag)."""

    version = models.CharField(max_length=20, unique=True)
    schema = models.JSONField()
    rules = models.JSONField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    source = models.CharField(
        max_length=200, default="service", help_text="Where the schema came from."
    )
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["version"]
        verbose_name = "schema version"

    def __str__(self) -> str:
        state = "active" if self.is_active else "inactive"
        return f"D-TRO schema {self.version} ({state})"
