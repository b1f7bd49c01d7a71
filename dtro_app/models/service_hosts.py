"""Where the portal may send a TRA's client id and secret, and which export URLs it follows.

A credential's base URL must be HTTPS on one of DfT's D-TRO hosts (DTRO_ALLOWED_HOSTS), or
one of the sandbox URLs an operator names in DTRO_SANDBOX_URLS. Outside production, plain
HTTP to this machine (loopback) is allowed too, for the bundled sandbox the demo and tests use.

The CSV export is a signed URL on the service's file store (DTRO_EXPORT_STORAGE_HOSTS): the
portal follows it only there, over HTTPS, and only when it carries a signature.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, parse_qs, urlsplit

from django.conf import settings

# Query parameters that make a URL a signed download (the file store's, and the sandbox's own).
SIGNATURE_PARAMETERS = ("X-Goog-Signature", "X-Sandbox-Signature")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split(url: str) -> tuple[SplitResult, str] | None:
    """The URL's parts and lower-case host, or None when it is not a URL one can call."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return parts, (parts.hostname or "").lower()


def _on_loopback_allowed_here(parts: SplitResult, host: str) -> bool:
    return settings.DTRO_ALLOW_LOOPBACK and _is_loopback(host) and parts.scheme in ("http", "https")


def _is_sandbox_url(url: str) -> bool:
    """Whether `url` is (or lies under) one of the operator's named sandbox URLs."""
    url = url.rstrip("/")
    for allowed in settings.DTRO_SANDBOX_URLS:
        allowed = allowed.rstrip("/")
        if allowed and (url == allowed or url.startswith(allowed + "/")):
            return True
    return False


def base_url_problem(url: str) -> str | None:
    """Why the portal must not send credentials to `url`, or None if it may."""
    split = _split(url)
    if split is None or not split[1]:
        return "Enter a valid URL."
    parts, host = split
    if parts.username or parts.password:
        return "The base URL must not contain a user name or password."
    if _is_sandbox_url(url) or _on_loopback_allowed_here(parts, host):
        return None
    if parts.scheme != "https":
        return "The base URL must use HTTPS."
    allowed = [h.lower() for h in settings.DTRO_ALLOWED_HOSTS]
    if host not in allowed or parts.port not in (None, 443):
        return (
            "The base URL must be on a D-TRO service host: " + ", ".join(allowed) + "."
            if allowed
            else "No D-TRO service hosts are allowed (DTRO_ALLOWED_HOSTS is empty)."
        )
    return None


def export_url_problem(url: str) -> str | None:
    """Why the portal must not follow the export URL `url`, or None if it may."""
    split = _split(url)
    if split is None:
        return "The export URL is not a valid URL."
    parts, host = split
    if parts.username or parts.password:
        return "The export URL must not contain a user name or password."
    query = parse_qs(parts.query)
    if not any(query.get(name) for name in SIGNATURE_PARAMETERS):
        return "The export URL is not a signed download URL."
    if _on_loopback_allowed_here(parts, host):
        return None
    storage = [h.lower() for h in settings.DTRO_EXPORT_STORAGE_HOSTS]
    if parts.scheme != "https" or host not in storage or parts.port not in (None, 443):
        return "The export URL is not on the D-TRO service's file store."
    return None
