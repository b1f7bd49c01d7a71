"""Sign-ins in the audit log: every success and every failure (never the password).

Connected in `AccountsConfig.ready`. Django sends these signals for every sign-in through
`django.contrib.auth`; the admin has no form of its own (it sends people to allauth's).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from dtro_app import audit
from frontend.client_address import client_ip


def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # No TRA: a sign-in is the person's, and supervisors see those of their TRAs' members.
    name = user.email or user.get_username()
    audit.record(
        "login.succeeded",
        actor=user,
        actor_label=name,
        target=user,
        summary=f"{name} signed in",
        ip_address=client_ip(request),
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
    audit.record(
        "login.failed",
        actor_label=identifier or "unknown",
        target=user,
        summary=f"Failed sign-in for {identifier or 'an empty identifier'}",
        ip_address=client_ip(request),
    )


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid="accounts.audit.login")
    user_login_failed.connect(record_login_failure, dispatch_uid="accounts.audit.login_failed")
