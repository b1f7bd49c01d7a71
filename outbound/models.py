"""One record of every HTTP call to an outside service (token and sign-in calls included)."""

from __future__ import annotations

from django.db import models


class Service(models.TextChoices):
    DTRO = "dtro", "D-TRO service"
    STREET_MANAGER = "street_manager", "Street Manager"


class CallOutcome(models.TextChoices):
    """The outcomes every client records; a client may record finer ones of its own
    (Street Manager: `timeout`, `rate_limited`, `locked`, ...)."""

    SUCCESS = "success", "Success"
    PERMANENT = "permanent", "Rejected (permanent)"
    DUPLICATE = "duplicate", "Rejected as a duplicate"
    TRANSIENT = "transient", "Failed (transient)"
    UNKNOWN_OUTCOME = "unknown_outcome", "Outcome unknown"


class OutboundCall(models.Model):
    """One request to the D-TRO service or Street Manager.

    Never holds a token, a client secret, a password or an Authorization header: the
    clients scrub `error_excerpt` before saving, and `path` carries no query string.
    """

    service = models.CharField(max_length=20, choices=Service.choices)
    # The TRA the call was made for; for the D-TRO service also the credential it used.
    authority = models.ForeignKey(
        "dtro_app.TrafficAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_calls",
    )
    credential = models.ForeignKey(
        "dtro_app.ApiCredential",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    # Sent as X-Correlation-ID to the D-TRO service; Street Manager takes none.
    correlation_id = models.CharField(max_length=36, blank=True, default="", db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=30)
    error_excerpt = models.TextField(blank=True, default="")
    # The outbox row this call delivered; a plain id so the record outlives its submission.
    submission_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbound call"
        indexes = [models.Index(fields=["service", "created_at"], name="outbound_service_created")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status or self.outcome}"

    @property
    def outcome_label(self) -> str:
        """The outcome in words; a client's own finer outcomes are shown as recorded."""
        if self.outcome in CallOutcome.values:
            return str(CallOutcome(self.outcome).label)
        return self.outcome.replace("_", " ").capitalize()
