from __future__ import annotations

from django.conf import settings
from django.db import models

from dtro_app.notifications import preferences


class Stage(models.TextChoices):
    """The step of signing in an attempt or a lock is about."""

    PASSWORD = "password", "Password"
    MFA = "mfa", "Authenticator code"


class LoginAttempt(models.Model):
    """Every sign-in attempt, kept to apply the lockout rules and to audit sign-ins."""

    email = models.CharField(max_length=254, db_index=True)
    succeeded = models.BooleanField()
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.PASSWORD)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "failed"
        return (
            f"Sign-in ({self.get_stage_display().lower()}) {outcome} for {self.email} "
            f"at {self.created_at:%Y-%m-%d %H:%M:%S}"
        )


class Scope(models.TextChoices):
    """Whom a lock stops."""

    ADDRESS = "address", "This account from one address"
    ACCOUNT = "account", "This account from any address"


class AccountLock(models.Model):
    """A lock on signing in to an account after too many failures.

    `address`: the password step for this account from `ip_address` only (the fast rule).
    `account`: the password step from any address the account has not signed in from lately
    (the slow rule), or the authenticator-code step from anywhere.
    """

    email = models.CharField(max_length=254, db_index=True)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.PASSWORD)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.ADDRESS)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    locked_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        where = f" from {self.ip_address}" if self.scope == Scope.ADDRESS else ""
        return f"{self.email}{where} locked until {self.locked_until:%Y-%m-%d %H:%M:%S}"


class EmailPreference(models.Model):
    """How a user wants the portal's emails. Supervisors choose how they hear of orders
    awaiting their approval; without a row, they are told at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=preferences.RELATION
    )
    approval_emails = models.CharField(
        "Emails about orders awaiting your approval",
        max_length=20,
        choices=preferences.ApprovalEmails.choices,
        default=preferences.ApprovalEmails.AT_ONCE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "email preference"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_approval_emails_display()}"
