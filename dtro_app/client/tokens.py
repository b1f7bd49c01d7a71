"""OAuth access tokens, cached per credential in the shared Django cache.

Every worker and web process reads the same cache entry, so a credential fetches one
token per lifetime (30 minutes at DfT), not one per process. A short lock (`cache.add`,
atomic on Redis) lets one process fetch while the others wait briefly for its result.
Each process also remembers the token it last read, so a delivery does not ask the cache
every time; a 401 forgets it in both places.

`get_token`/`invalidate` key the cache by D-TRO credential; `cached_token`, `remember` and
`forget` take any key, so the Street Manager client keeps its id tokens the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from dtro_app.models import ApiCredential

# Treat a token as expired this long before the service does, so a call never races expiry.
EXPIRY_MARGIN_SECONDS = 60
LOCK_SECONDS = 10
_POLL_SECONDS = 0.05

Fetch = Callable[[], tuple[str, float]]


def _key(credential: ApiCredential) -> str:
    # `updated_at` moves when the secret or base URL changes: a token of the old app is dropped.
    stamp = int(credential.updated_at.timestamp() * 1000) if credential.updated_at else 0
    return f"dtro-client:token:{credential.pk}:{stamp}"


# cache key -> {"token": ..., "expires_at": ...}, as last read from or written to the cache.
_remembered: dict[str, dict[str, Any]] = {}


def _live_token(entry: Any) -> str | None:
    if isinstance(entry, dict) and entry.get("token") and entry.get("expires_at", 0) > time.time():
        return str(entry["token"])
    return None


def _cached(key: str) -> str | None:
    """This process's copy if still valid, else the shared cache's (remembered for next time)."""
    token = _live_token(_remembered.get(key))
    if token is None:
        entry = cache.get(key)
        token = _live_token(entry)
        if token is not None:
            _remembered[key] = entry
    return token


def get_token(credential: ApiCredential, fetch: Fetch) -> str:
    """A valid token for the credential, calling `fetch() -> (token, expires_in)` if needed."""
    return cached_token(_key(credential), fetch)


def invalidate(credential: ApiCredential, token: str) -> None:
    """Forget `token` after the service refused it, unless another process already replaced it."""
    forget(_key(credential), token)


def cached_token(key: str, fetch: Fetch, *, margin_seconds: float = EXPIRY_MARGIN_SECONDS) -> str:
    """The token cached under `key`, or a new one from `fetch() -> (token, expires_in)`.

    Any client may use this with its own key (Street Manager's client does); the token is
    treated as expired `margin_seconds` before `expires_in` runs out.
    """
    token = _cached(key)
    if token:
        return token
    lock = f"{key}:lock"
    have_lock = cache.add(lock, "1", timeout=LOCK_SECONDS)
    if not have_lock:
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            token = _cached(key)
            if token:
                return token
            if cache.get(lock) is None:
                break
        # The holder failed or vanished: fetch our own rather than fail the call.
    try:
        token = _cached(key)
        if token:
            return token
        token, expires_in = fetch()
        remember(key, token, expires_in, margin_seconds=margin_seconds)
        return token
    finally:
        if have_lock:
            cache.delete(lock)


def remember(
    key: str, token: str, expires_in: float, *, margin_seconds: float = EXPIRY_MARGIN_SECONDS
) -> None:
    """Cache `token` under `key` (for every process) until shortly before it expires."""
    lifetime = max(0.0, expires_in - margin_seconds)
    entry = {"token": token, "expires_at": time.time() + lifetime}
    cache.set(key, entry, timeout=int(lifetime) or 1)
    _remembered[key] = entry


def forget(key: str, token: str) -> None:
    """Forget `token` under `key` unless another process already replaced it."""
    _remembered.pop(key, None)
    entry = cache.get(key)
    if isinstance(entry, dict) and entry.get("token") == token:
        cache.delete(key)
