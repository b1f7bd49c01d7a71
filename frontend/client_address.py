"""The client's address, for the sign-in lockout and the sign-in audit.

Behind a reverse proxy `REMOTE_ADDR` is the proxy's address, so one lock would cover everybody.
`X-Forwarded-For` is trusted only when `PORTAL_TRUSTED_PROXY_COUNT` says how many proxies sit in
front of the portal: each appends the address it saw, so the client is the entry that many
places from the right. Entries further left are whatever the client sent and are ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.PORTAL_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies means the request skipped a proxy: then take only the entry
    # our nearest proxy wrote, never one the client could have written.
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[-1]
    return _valid(candidate) or remote
