"""Names every page needs, whoever is signed in: the service's name, the phase, sign-up."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": settings.SERVICE_NAME,
        "phase_banner": settings.PHASE_BANNER,
        "portal_allow_signup": settings.PORTAL_ALLOW_SIGNUP,
    }
