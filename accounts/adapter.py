from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest

from accounts import lockout
from dtro_app import audit
from frontend.client_address import client_ip


class PortalAccountAdapter(DefaultAccountAdapter):
    """Closes self-signup unless allowed, and applies the sign-in lockout."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.PORTAL_ALLOW_SIGNUP

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email", "")
        ip = client_ip(request)
        lock = lockout.password_lock(email, ip)
        if lock is not None:
            # Refused without checking the password; kept in the audit log, not counted.
            identifier = lockout.normalise(email)[:254] or "unknown"
            audit.record(
                "login.refused_locked",
                actor_label=identifier,
                summary=f"Sign-in for {identifier} refused: locked until {lock.locked_until:%H:%M}",
                ip_address=ip,
            )
            raise forms.ValidationError(lockout.lock_message(lock), code="account_locked")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            lockout.record_attempt(
                credentials.get("email", ""), succeeded=True, ip_address=client_ip(request)
            )
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        lock = lockout.record_attempt(
            credentials.get("email", ""), succeeded=False, ip_address=client_ip(request)
        )
        if lock is not None:
            raise forms.ValidationError(lockout.lock_message(lock), code="account_locked")
