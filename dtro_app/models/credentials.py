"""Credentials for the D-TRO service, one per TRA and environment."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dtro_app.models.authorities import TrafficAuthority, TraScopedQuerySet
from dtro_app.models.service_hosts import base_url_problem
from outbound import crypto


class Environment(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox (local emulator)"
    INTEGRATION = "integration", "DfT integration"
    PRODUCTION = "production", "DfT production"


class ApiCredentialQuerySet(TraScopedQuerySet):
    def publishing_for(self, authority_id: int) -> ApiCredential | None:
        """The credential this TRA publishes with in the environment the portal publishes to."""
        return self.filter(
            authority_id=authority_id,
            environment=settings.DTRO_PUBLISH_ENVIRONMENT,
            is_active=True,
        ).first()


class ApiCredential(models.Model):
    """An app's client id and secret for one TRA in one environment.

    The secret is write-only: it is stored encrypted and never rendered or logged.
    """

    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.CASCADE, related_name="api_credentials"
    )
    environment = models.CharField(max_length=20, choices=Environment.choices)
    base_url = models.URLField(
        max_length=300, help_text="For example https://dtro-integration.dft.gov.uk/v1"
    )
    client_id = models.CharField(max_length=200)
    app_id = models.UUIDField(
        null=True,
        blank=True,
        verbose_name="App-Id",
        help_text="The app's App-Id (a UUID shown in the DfT user portal). The service's "
        "provision-level endpoints require it; without it changes are sent as whole records.",
    )
    encrypted_secret = models.TextField(editable=False)
    is_active = models.BooleanField(
        default=True, help_text="The credential deliveries for this TRA use."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApiCredentialQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "environment"], name="one_credential_per_tra_environment"
            )
        ]
        ordering = ["authority__name", "environment"]
        verbose_name = "API credential"

    def __str__(self) -> str:
        return f"{self.authority.name} — {self.get_environment_display()}"

    def clean(self) -> None:
        super().clean()
        # Only DfT's hosts (or a named sandbox) may receive the client id and secret.
        problem = base_url_problem(self.base_url or "")
        if problem:
            raise ValidationError({"base_url": problem})

    def set_secret(self, secret: str) -> None:
        self.encrypted_secret = crypto.encrypt(secret)

    def get_secret(self) -> str:
        return crypto.decrypt(self.encrypted_secret)

    @property
    def has_secret(self) -> bool:
        return bool(self.encrypted_secret)
