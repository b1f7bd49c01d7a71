from __future__ import annotations

from django.db import models


class LoginAttempt(models.Model):
    """Every sign-in attempt, kept to apply the lockout rule and to audit sign-ins."""

    email = models.CharField(max_length=254, db_index=True)
    succeeded = models.BooleanField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "failed"
        return f"Sign-in {outcome} for {self.email} at {self.created_at:%Y-%m-%d %H:%M:%S}"


class AccountLock(models.Model):
    """A lock on an email address after too many failed sign-ins."""

    email = models.CharField(max_length=254, db_index=True)
    locked_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} locked until {self.locked_until:%Y-%m-%d %H:%M:%S}"
