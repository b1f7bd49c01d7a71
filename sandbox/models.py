"""State of the D-TRO sandbox, kept in its own tables so it survives restarts."""

from __future__ import annotations

import uuid

from django.db import models


class AppKind(models.TextChoices):
    PUBLISHER = "publisher", "Publisher (scope dsp)"
    CONSUMER = "consumer", "Consumer (scope dc)"


class SandboxApp(models.Model):
    """An API application with client credentials, as registered in the DfT user portal."""

    name = models.CharField(max_length=200)
    client_id = models.CharField(max_length=100, unique=True)
    # Secrets are random and long, so a salted SHA-256 is enough and keeps the token
    # endpoint fast (PBKDF2 would cost a second per token under load).
    secret_hash = models.CharField(max_length=200)
    tra_code = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=AppKind.choices, default=AppKind.PUBLISHER)
    application_name = models.UUIDField(default=uuid.uuid4)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "sandbox app"

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}, TRA {self.tra_code})"

    @property
    def scope(self) -> str:
        return "dsp" if self.kind == AppKind.PUBLISHER else "dc"


class SandboxToken(models.Model):
    """An issued bearer token; only its SHA-256 is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    app = models.ForeignKey(SandboxApp, on_delete=models.CASCADE, related_name="tokens")
    scope = models.CharField(max_length=20)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Token for {self.app_id} until {self.expires_at:%H:%M}"


class SandboxDtro(models.Model):
    """One D-TRO record with the index fields the service derives on save."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    owner_app = models.ForeignKey(SandboxApp, null=True, on_delete=models.SET_NULL)
    schema_version = models.CharField(max_length=20)
    data = models.JSONField()
    payload_hash = models.CharField(max_length=64, db_index=True)
    tra_creator = models.IntegerField(null=True, db_index=True)
    current_tra_owner = models.IntegerField(null=True, db_index=True)
    tro_name = models.TextField(blank=True, default="")
    regulation_types = models.JSONField(default=list)
    vehicle_types = models.JSONField(default=list)
    order_reporting_points = models.JSONField(default=list)
    regulated_place_types = models.JSONField(default=list)
    # ISO strings as written in the payload (local time when zone-less); compared in Python.
    regulation_starts = models.JSONField(default=list)
    regulation_ends = models.JSONField(default=list)
    created = models.DateTimeField(db_index=True)
    last_updated = models.DateTimeField(db_index=True)
    deleted = models.BooleanField(default=False, db_index=True)
    deletion_time = models.DateTimeField(null=True, blank=True)
    # Set when DfT's upversioning rewrote the record to a newer schema version.
    last_upversioned = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        verbose_name = "sandbox D-TRO"

    def __str__(self) -> str:
        return f"{self.pk} {self.tro_name[:60]}"


class SandboxDtroHistory(models.Model):
    """A snapshot of a D-TRO taken just before an update replaced it."""

    dtro = models.ForeignKey(SandboxDtro, on_delete=models.CASCADE, related_name="history")
    schema_version = models.CharField(max_length=20)
    data = models.JSONField()
    created = models.DateTimeField()
    last_updated = models.DateTimeField()
    tra_creator = models.IntegerField(null=True)
    current_tra_owner = models.IntegerField(null=True)

    class Meta:
        ordering = ["-last_updated"]
        verbose_name = "sandbox D-TRO history row"

    def __str__(self) -> str:
        return f"{self.dtro_id} as of {self.last_updated:%Y-%m-%d %H:%M:%S}"


class SandboxProvision(models.Model):
    """The id the service gave one provision of a record, found again by its reference.

    The live service keeps an id for every provision, however it arrived; only the
    provision-level create returns them (GET shows none).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    dtro = models.ForeignKey(SandboxDtro, on_delete=models.CASCADE, related_name="provisions")
    reference = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dtro", "reference"], name="sandbox_one_id_per_provision_reference"
            )
        ]
        verbose_name = "sandbox provision id"

    def __str__(self) -> str:
        return f"{self.pk} ({self.reference} of {self.dtro_id})"


class SandboxFaultSetting(models.Model):
    """Fault switches for one app, or for every app when `app` is empty. Off by default."""

    app = models.ForeignKey(
        SandboxApp,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Leave empty for a global setting; an app's own setting wins.",
    )
    enabled = models.BooleanField(default=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error_5xx_rate = models.FloatField(default=0.0)
    error_5xx_status = models.PositiveIntegerField(default=503)
    error_5xx_after_rate = models.FloatField(
        default=0.0,
        help_text="A successful write commits, then the client gets a 503 gateway fault.",
    )
    rate_429_rate = models.FloatField(default=0.0)
    retry_after_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Send Retry-After with injected 429s when set."
    )
    timeout_rate = models.FloatField(default=0.0)
    timeout_seconds = models.FloatField(default=35.0)
    drop_rate = models.FloatField(default=0.0)
    drop_hold_seconds = models.FloatField(
        default=35.0,
        help_text="Without a raw socket (test client, runserver) the response is held this long.",
    )

    class Meta:
        verbose_name = "sandbox fault setting"

    def __str__(self) -> str:
        return f"Faults for {self.app or 'every app'}"


class SandboxFaultCount(models.Model):
    """How many faults of one kind the sandbox injected; every process adds to the same row."""

    kind = models.CharField(max_length=40, unique=True)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"


class SandboxGateway(models.Model):
    """The one row (id 1) of service-wide switches, and the spike arrest's shared state.

    Empty switches fall back to the environment, so a benchmark can flip them at run time
    without restarting the server.
    """

    spike_arrest_per_minute = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: SANDBOX_SPIKE_ARREST_PER_MINUTE. 0 is off."
    )
    spike_arrest_burst = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: SANDBOX_SPIKE_ARREST_BURST."
    )
    # GCRA theoretical arrival time, microseconds since the epoch.
    spike_arrest_tat_us = models.BigIntegerField(default=0)
    refuse_duplicates = models.BooleanField(
        null=True, blank=True, help_text="Empty: SANDBOX_REFUSE_DUPLICATES (default on)."
    )
    track_in_flight = models.BooleanField(
        null=True, blank=True, help_text="Empty: SANDBOX_TRACK_IN_FLIGHT (default off)."
    )

    class Meta:
        verbose_name = "sandbox gateway switches"
        verbose_name_plural = "sandbox gateway switches"

    def __str__(self) -> str:
        return "Gateway switches"


class SandboxInFlight(models.Model):
    """A D-TRO write request inside the sandbox right now (only while tracking is on)."""

    method = models.CharField(max_length=10)
    path = models.TextField()
    user_agent = models.TextField(blank=True, default="")
    started = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.method} {self.path} since {self.started:%H:%M:%S}"
