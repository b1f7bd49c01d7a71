"""Street Manager accounts, works linked to D-TROs and the sync cursor."""

from __future__ import annotations

from django.db import models

from dtro_app.models import Dtro, TrafficAuthority, TraScopedQuerySet
from outbound import crypto


class StreetManagerEnvironment(models.TextChoices):
    EMULATOR = "emulator", "Emulator (local)"
    SANDBOX = "sandbox", "DfT Street Manager sandbox"
    PRODUCTION = "production", "DfT Street Manager production"


class StreetManagerAccount(models.Model):
    """A TRA's Street Manager API login. The password is write-only: stored encrypted, never shown.

    `base_url` is the host and version, for example https://api.manage-roadworks.service.gov.uk/v6;
    the client appends the API segment (`/work`, `/party`, `/reporting`, ...).
    """

    authority = models.OneToOneField(
        TrafficAuthority, on_delete=models.CASCADE, related_name="street_manager_account"
    )
    environment = models.CharField(max_length=20, choices=StreetManagerEnvironment.choices)
    base_url = models.URLField(max_length=300)
    email = models.EmailField(help_text="The API account's email address (case-sensitive).")
    encrypted_password = models.TextField(editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["authority__name"]
        verbose_name = "Street Manager account"

    def __str__(self) -> str:
        return f"{self.authority.name} — {self.get_environment_display()}"

    def set_password(self, password: str) -> None:
        self.encrypted_password = crypto.encrypt(password)

    def get_password(self) -> str:
        return crypto.decrypt(self.encrypted_password)

    @property
    def has_password(self) -> bool:
        return bool(self.encrypted_password)


class WorksLink(models.Model):
    """A D-TRO started from (or tied to) a Street Manager works, with what we last saw of it."""

    dtro = models.ForeignKey(Dtro, on_delete=models.CASCADE, related_name="works_links")
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.CASCADE, related_name="works_links"
    )
    work_reference = models.CharField(max_length=40, db_index=True)
    permit_reference = models.CharField(max_length=45, blank=True)
    usrn = models.PositiveBigIntegerField(null=True, blank=True)
    street_name = models.CharField(max_length=200, blank=True)
    # The fields we compare (dates, location, traffic management, status), not the raw response.
    snapshot = models.JSONField(default=dict)
    synced_at = models.DateTimeField(null=True, blank=True)
    last_update_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dtro", "work_reference"], name="one_link_per_dtro_works"
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_reference} → {self.dtro.reference}"


class SyncCursor(models.Model):
    """How far one account has read Street Manager's works updates feed."""

    account = models.OneToOneField(
        StreetManagerAccount, on_delete=models.CASCADE, related_name="sync_cursor"
    )
    update_id = models.BigIntegerField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.account}: after update {self.update_id}"
