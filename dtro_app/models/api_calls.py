"""The audit of every HTTP call to the D-TRO service."""

from __future__ import annotations

from django.db import models

from dtro_app.models.credentials import ApiCredential


class CallOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    PERMANENT = "permanent", "Rejected (permanent)"
    DUPLICATE = "duplicate", "Rejected as a duplicate"
    TRANSIENT = "transient", "Failed (transient)"
    UNKNOWN_OUTCOME = "unknown_outcome", "Outcome unknown"


class ApiCall(models.Model):
    """One request to the D-TRO service (token calls included).

    Never holds a token, a client secret or an Authorization header: the client scrubs
    `error_excerpt` before saving, and `path` carries no query string.
    """

    credential = models.ForeignKey(
        ApiCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    correlation_id = models.CharField(max_length=36, db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=CallOutcome.choices)
    error_excerpt = models.TextField(blank=True, default="")
    # The outbox row this call delivered; a plain id so the audit outlives its submission.
    submission_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API call"

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status or self.outcome}"
