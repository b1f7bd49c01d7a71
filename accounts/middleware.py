from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dtro_app.models.authorities import is_any_supervisor

# Paths a supervisor without MFA may still reach: enrolment itself, sign-out, assets, probes.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/sandbox/", "/healthz", "/readyz", "/metrics")


class RequireSupervisorMfaMiddleware:
    """When PORTAL_REQUIRE_MFA_FOR_SUPERVISORS is on, supervisors must set up TOTP first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.PORTAL_REQUIRE_MFA_FOR_SUPERVISORS
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and is_any_supervisor(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                "Supervisors must set up an authenticator app before continuing.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
