from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from frontend.authorities import authority_model

# (label, URL name). Entries whose URL does not exist yet are left out, so features
# appear in the navigation as they land.
SUPERVISOR_ONLY = {"dtro_app:approvals", "dtro_app:delivery_health"}
NAVIGATION = [
    ("Dashboard", "dtro_app:dashboard"),
    ("Create a D-TRO", "dtro_app:dtro_create"),
    ("Approvals", "dtro_app:approvals"),
    ("Delivery health", "dtro_app:delivery_health"),
    ("Search", "dtro_app:search"),
    ("Events", "dtro_app:events"),
    ("Street works", "streetworks:search"),
    ("Schemas", "dtro_app:schemas"),
    ("Export", "dtro_app:export"),
]


def _navigation(request: HttpRequest) -> list[dict[str, object]]:
    supervisor = authority_model().objects.supervised_by(request.user).exists()
    items = []
    for label, name in NAVIGATION:
        if name in SUPERVISOR_ONLY and not supervisor:
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": label, "href": href, "current": current})
    return items


def _logo_url(authority: Any) -> str | None:
    """Where the header finds the TRA's logo; None without one (or before the route exists)."""
    if not getattr(authority, "logo", None):
        return None
    try:
        url = reverse("frontend:tra_logo", args=[authority.code])
    except NoReverseMatch:
        return None
    # The stored name changes with every upload, so a new logo is never served from a cache.
    version = hashlib.sha256(authority.logo.name.encode()).hexdigest()[:12]
    return f"{url}?v={version}"


def service(request: HttpRequest) -> dict[str, object]:
    """Names every page needs: the service name, the phase, navigation and the user's TRAs."""
    user = getattr(request, "user", None)
    authorities: list[Any] = []
    navigation: list[dict[str, object]] = []
    if user is not None and user.is_authenticated:
        authorities = list(authority_model().objects.for_user(user))
        navigation = _navigation(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "phase_banner": settings.PHASE_BANNER,
        "user_authorities": authorities,
        # For the header: each TRA's name and, when it has one, the URL of its logo.
        "header_authorities": [
            {"name": authority.name, "logo_url": _logo_url(authority)} for authority in authorities
        ],
        "service_navigation": navigation,
        "portal_allow_signup": settings.PORTAL_ALLOW_SIGNUP,
    }
