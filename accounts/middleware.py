from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dtro_app.models.authorities import is_supervisor

# Paths someone who must enrol may still reach: enrolment itself, sign-out, assets, probes.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/sandbox/", "/healthz", "/readyz", "/metrics")


def must_use_mfa(user: object) -> bool:
    """Supervisors, and anyone who can open the admin (staff, superusers)."""
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "is_staff", False)
        or is_supervisor(user)
    )


class RequireSupervisorMfaMiddleware:
    """When PORTAL_REQUIRE_MFA_FOR_SUPERVISORS is on (the production default), supervisors,
    staff and superusers must set up TOTP before any other page, the admin included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.PORTAL_REQUIRE_MFA_FOR_SUPERVISORS
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and must_use_mfa(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                "Supervisors and administrators must set up an authenticator app before "
                "continuing.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
