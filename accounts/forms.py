"""Authenticator-code forms with a per-user limit (allauth's own limit is off: see settings)."""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts import lockout
from accounts.models import Stage
from dtro_app import audit
from frontend.client_address import client_ip


class LimitedCodeMixin:
    """5 wrong codes lock the code step for 15 minutes (PORTAL_MFA_LOCKOUT_*); every wrong or
    refused code goes to the sign-in log and the audit log."""

    user: Any

    def clean_code(self) -> str:
        request = context.request
        ip = client_ip(request)
        identifier = (self.user.email or self.user.get_username())[:254]
        error: forms.ValidationError | None = None
        with transaction.atomic():
            # One code check at a time per user, so parallel guesses cannot overshoot the limit.
            get_user_model().objects.select_for_update().filter(pk=self.user.pk).first()
            lock = lockout.mfa_lock(identifier)
            if lock is not None:
                audit.record(
                    "login.mfa_refused_locked",
                    actor_label=identifier,
                    target=self.user,
                    summary=f"Authenticator code for {identifier} refused: step locked",
                    ip_address=ip,
                )
                error = forms.ValidationError(lockout.lock_message(lock), code="mfa_locked")
            else:
                try:
                    code = super().clean_code()  # type: ignore[misc]
                except forms.ValidationError as wrong:
                    lock = lockout.record_attempt(
                        identifier, succeeded=False, ip_address=ip, stage=Stage.MFA
                    )
                    audit.record(
                        "login.mfa_failed",
                        actor_label=identifier,
                        target=self.user,
                        summary=f"Wrong authenticator code for {identifier}",
                        ip_address=ip,
                    )
                    error = wrong
                    if lock is not None:
                        error = forms.ValidationError(lockout.lock_message(lock), code="mfa_locked")
                else:
                    lockout.record_attempt(
                        identifier, succeeded=True, ip_address=ip, stage=Stage.MFA
                    )
        # Raised outside the transaction so that the records above are kept.
        if error is not None:
            raise error
        return code


class PortalAuthenticateForm(LimitedCodeMixin, AuthenticateForm):
    pass


class PortalReauthenticateForm(LimitedCodeMixin, ReauthenticateForm):
    pass
