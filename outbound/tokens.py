"""Access tokens cached under a key each client chooses, in the shared Django cache.

Every worker and web process reads the same cache entry, so an account fetches one token
per lifetime, not one per process. A short lock (`cache.add`, atomic on Redis) lets one
process fetch while the others wait briefly for its result. Each process also remembers the
token it last read, so a call does not ask the cache every time; `forget` (after a 401)
drops it in both places.

A token is a bearer credential: it is encrypted (`seal`) before it goes into the shared
cache, as stored secrets are, so whoever reads Redis cannot call the service as a TRA.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from outbound import crypto

# Treat a token as expired this long before the service does, so a call never races expiry.
EXPIRY_MARGIN_SECONDS = 60
LOCK_SECONDS = 10
_POLL_SECONDS = 0.05

Fetch = Callable[[], tuple[str, float]]

# cache key -> {"token": ..., "expires_at": ...}, as last read from or written to the cache.
_remembered: dict[str, dict[str, Any]] = {}


def seal(value: str) -> str:
    """`value` encrypted for the shared cache."""
    return crypto.encrypt(value)


def unseal(value: Any) -> str | None:
    """The plaintext of a `seal`ed value, or None if it is not one (or the key changed)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return crypto.decrypt(value)
    except crypto.SecretUnreadable:
        return None


def _live_token(entry: Any) -> str | None:
    """The plaintext token of a process-local entry that has not expired."""
    if isinstance(entry, dict) and entry.get("token") and entry.get("expires_at", 0) > time.time():
        return str(entry["token"])
    return None


def _from_cache(key: str) -> dict[str, Any] | None:
    """The shared cache's entry for `key`, decrypted, or None."""
    entry = cache.get(key)
    if not isinstance(entry, dict):
        return None
    token = unseal(entry.get("sealed"))
    if token is None:
        return None
    return {"token": token, "expires_at": entry.get("expires_at", 0)}


def _cached(key: str) -> str | None:
    """This process's copy if still valid, else the shared cache's (remembered for next time)."""
    token = _live_token(_remembered.get(key))
    if token is None:
        entry = _from_cache(key)
        token = _live_token(entry)
        if token is not None and entry is not None:
            _remembered[key] = entry
    return token


def cached_token(key: str, fetch: Fetch, *, margin_seconds: float = EXPIRY_MARGIN_SECONDS) -> str:
    """The token cached under `key`, or a new one from `fetch() -> (token, expires_in)`.

    The token is treated as expired `margin_seconds` before `expires_in` runs out.
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
    expires_at = time.time() + lifetime
    # Only the encrypted token goes to the shared cache; this process keeps the plaintext.
    cache.set(key, {"sealed": seal(token), "expires_at": expires_at}, timeout=int(lifetime) or 1)
    _remembered[key] = {"token": token, "expires_at": expires_at}


def forget(key: str, token: str) -> None:
    """Forget `token` under `key` unless another process already replaced it."""
    _remembered.pop(key, None)
    entry = _from_cache(key)
    if entry is not None and entry["token"] == token:
        cache.delete(key)
    elif entry is None:
        cache.delete(key)  # unreadable (the key changed): nobody can use it
