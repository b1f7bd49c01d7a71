"""One D-TRO service environment as the portal reaches it: its shared budget and its circuit.

The real gateway's spike arrest is one limit for the whole proxy, whoever calls, so every
TRA, credential, worker and web process that sends to the same base URL (integration,
production, or one sandbox) shares one `ServiceEndpoint` row: the request budget and the
circuit breaker that stops sending while the service is not answering.
"""

from __future__ import annotations

from django.db import models


def endpoint_key(base_url: str) -> str:
    """The base URL as one environment is known by (case of scheme and host, trailing /)."""
    scheme, sep, rest = base_url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


class ServiceEndpoint(models.Model):
    base_url = models.CharField(max_length=300, unique=True)
    rate_limit_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests a minute for this environment; blank for DTRO_RATE_LIMIT_PER_MINUTE.",
    )
    # The budget is a generic cell rate algorithm: the theoretical time (Unix seconds) at
    # which the next request would go if requests were evenly spaced. A request may go when
    # that lies no more than the burst ahead of now.
    next_slot_epoch = models.FloatField(default=0.0)
    # The circuit: consecutive transient failures of any call; open while `opened_at` is set.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    next_probe_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    rate_limited_total = models.PositiveBigIntegerField(
        default=0, help_text="429 answers from the service since this row was created."
    )

    class Meta:
        ordering = ["base_url"]
        verbose_name = "D-TRO service endpoint"

    def __str__(self) -> str:
        return self.base_url

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def circuit_label(self) -> str:
        if self.opened_at is not None:
            return "Paused: not answering"
        if self.consecutive_failures:
            return "Failing"
        return "Working"


class OutageNotice(models.Model):
    """The one digest email a TRA's supervisors get for one outage of one environment."""

    endpoint = models.ForeignKey(ServiceEndpoint, on_delete=models.CASCADE, related_name="+")
    authority = models.ForeignKey(
        "dtro_app.TrafficAuthority", on_delete=models.CASCADE, related_name="+"
    )
    outage_started_at = models.DateTimeField()
    waiting = models.PositiveIntegerField(help_text="Changes waiting when the notice was sent.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "authority", "outage_started_at"],
                name="one_outage_notice_per_tra_and_outage",
            )
        ]

    def __str__(self) -> str:
        return f"Outage of {self.endpoint} since {self.outage_started_at:%Y-%m-%d %H:%M}"
