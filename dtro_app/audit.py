"""Recording audit events. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from accounts.client_ip import client_ip as address_of
from dtro_app.models import AuditEvent, TrafficAuthority


def client_ip(request: HttpRequest | None) -> str | None:
    """The address a request came from, for the audit log: the same rule as the sign-in
    lockout's (X-Forwarded-For only behind PORTAL_TRUSTED_PROXY_COUNT proxies)."""
    return address_of(request)


def record(
    action: str,
    *,
    actor: Any = None,
    actor_label: str | None = None,
    authority: TrafficAuthority | None = None,
    target: models.Model | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Add one audit row. `actor` None means the system (a worker or a scheduled job),
    unless `actor_label` names who it was (for example a failed sign-in's identifier)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if is_user else None,
        actor_label=actor_label
        or ((getattr(actor, "email", "") or str(actor)) if is_user else "system"),
        authority=authority,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address,
    )
