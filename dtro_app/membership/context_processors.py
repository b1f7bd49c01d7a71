"""Page furniture for a signed-in user: their TRAs (name and logo) and the navigation their
role may use."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dtro_app.models import TrafficAuthority
from dtro_app.models.authorities import is_supervisor

# (label, URL name). Entries whose URL does not exist are left out.
SUPERVISOR_ONLY = {"dtro_app:approvals", "dtro_app:delivery_health", "accounts:email_settings"}
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
    ("Email settings", "accounts:email_settings"),
]


def _navigation(request: HttpRequest) -> list[dict[str, object]]:
    supervisor = is_supervisor(request.user)
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


def logo_url(authority: TrafficAuthority) -> str | None:
    """Where the header finds the TRA's logo; None without one."""
    if not authority.logo:
        return None
    url = reverse("dtro_app:tra_logo", args=[authority.code])
    # The stored name changes with every upload, so a new logo is never served from a cache.
    version = hashlib.sha256(authority.logo.name.encode()).hexdigest()[:12]
    return f"{url}?v={version}"


def page_furniture(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_authorities": [], "header_authorities": [], "service_navigation": []}
    authorities = list(TrafficAuthority.objects.for_user(user))
    return {
        "user_authorities": authorities,
        # For the header: each TRA's name and, when it has one, the URL of its logo.
        "header_authorities": [
            {"name": authority.name, "logo_url": logo_url(authority)} for authority in authorities
        ],
        "service_navigation": _navigation(request),
    }
