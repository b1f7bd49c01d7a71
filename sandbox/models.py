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
    rate_limit_per_minute = models.PositiveIntegerField(default=120)
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


class SandboxRateWindow(models.Model):
    """Requests an app made in one minute; shared by every process through the database."""

    app = models.ForeignKey(SandboxApp, on_delete=models.CASCADE)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "window"], name="sandbox_one_rate_window")
        ]

    def __str__(self) -> str:
        return f"{self.app_id}@{self.window}: {self.count}"


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
