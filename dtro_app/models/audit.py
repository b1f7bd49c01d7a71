"""The audit log: who did what, when, to which object, with before/after where it matters.

Rows are only ever added (`dtro_app.audit.record`); the admin shows them read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dtro_app.models.authorities import TrafficAuthority, TraScopedQuerySet


class AuditEvent(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # Kept even if the user is later deleted; "system" for the workers.
    actor_label = models.CharField(max_length=254, blank=True)
    authority = models.ForeignKey(
        TrafficAuthority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=60, db_index=True, help_text="For example dtro.created.")
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    summary = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'}: {self.action}"
