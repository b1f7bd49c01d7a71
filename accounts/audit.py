"""Sign-ins in the audit log: every success and every failure (never the password).

Connected in `AccountsConfig.ready`. Django sends these signals for allauth's sign-in
form and the admin's alike, because both authenticate through `django.contrib.auth`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from dtro_app.models import AuditEvent


def _ip(request: HttpRequest | None) -> str | None:
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # No TRA: a sign-in is the person's, and supervisors see those of their TRAs' members.
    AuditEvent.objects.create(
        action="login.succeeded",
        actor=user,
        actor_label=user.email or user.get_username(),
        target_type=user._meta.label_lower,
        target_id=str(user.pk),
        summary=f"{user.email or user.get_username()} signed in",
        ip_address=_ip(request),
    )


def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the identifier is kept: Django masks the password, and we never store it anyway.
    identifier = str(credentials.get("email") or credentials.get("username") or "")[:254]
    User = get_user_model()
    user = User.objects.filter(email__iexact=identifier).first() if identifier else None
    if user is None and identifier:
        user = User.objects.filter(username__iexact=identifier).first()
    AuditEvent.objects.create(
        action="login.failed",
        actor=None,
        actor_label=identifier or "unknown",
        target_type=user._meta.label_lower if user is not None else "",
        target_id=str(user.pk) if user is not None else "",
        summary=f"Failed sign-in for {identifier or 'an empty identifier'}",
        ip_address=_ip(request),
    )


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid="accounts.audit.login")
    user_login_failed.connect(record_login_failure, dispatch_uid="accounts.audit.login_failed")
