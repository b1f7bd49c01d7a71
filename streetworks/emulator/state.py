"""The emulator's state, kept in the shared Django cache.

The cache (Redis, or the file cache of the embedded run) is shared by the web process
that serves the emulator, Celery and tests running a live server, so a test or a
management command can change a permit or switch on a fault and the emulator sees it.
Tests start with an empty cache, hence a freshly seeded emulator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from streetworks.emulator import fixtures

PREFIX = "streetworks-emulator"
STATE_KEY = f"{PREFIX}:state"
FAULTS_KEY = f"{PREFIX}:faults"
SETTINGS_KEY = f"{PREFIX}:settings"
LOG_KEY = f"{PREFIX}:log"
TIMEOUT = None  # never expire
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW_SECONDS = 300
LOCKOUT_SECONDS = 300
DEFAULT_PAGE_SIZE = 25


# --- clock and tunables -------------------------------------------------------------------


def emulator_settings() -> dict[str, Any]:
    defaults = {
        "id_token_seconds": settings.STREET_MANAGER_EMULATOR_ID_TOKEN_SECONDS,
        "refresh_token_seconds": settings.STREET_MANAGER_EMULATOR_REFRESH_TOKEN_SECONDS,
        "page_size": DEFAULT_PAGE_SIZE,
        "clock_offset": 0.0,
        "suspended_orgs": [],
        "restricted_paths": [],
        # Street Manager limits calls per source IP without publishing figures; 0 = no limit.
        "rate_limit_per_minute": 0,
    }
    return {**defaults, **(cache.get(SETTINGS_KEY) or {})}


def configure(**changes: Any) -> None:
    """Change a tunable, e.g. `configure(id_token_seconds=2, page_size=2)`."""
    current = cache.get(SETTINGS_KEY) or {}
    current.update(changes)
    cache.set(SETTINGS_KEY, current, TIMEOUT)


def now() -> float:
    return time.time() + float(emulator_settings()["clock_offset"])


def advance_clock(seconds: float) -> None:
    configure(clock_offset=float(emulator_settings()["clock_offset"]) + seconds)


# --- works, permits and update events -----------------------------------------------------


def load() -> dict[str, Any]:
    state = cache.get(STATE_KEY)
    if state is None:
        moment = datetime.now(UTC)
        works = fixtures.build_works(moment)
        events = fixtures.initial_events(works, moment)
        state = {"works": works, "events": events, "next_update_id": len(events) + 1}
        cache.set(STATE_KEY, state, TIMEOUT)
    return state


def save(state: dict[str, Any]) -> None:
    cache.set(STATE_KEY, state, TIMEOUT)


def reset() -> None:
    cache.delete_many([STATE_KEY, FAULTS_KEY, SETTINGS_KEY, LOG_KEY])


def emit_event(
    state: dict[str, Any], wrn: str, event_type: str, object_reference: str = ""
) -> dict[str, Any]:
    event = {
        "update_id": state["next_update_id"],
        "work_reference_number": wrn,
        "object_reference_number": object_reference or wrn,
        "parent_object_reference_number": wrn,
        "highway_authority_swa_code": state["works"][wrn]["work"]["highway_authority_swa_code"],
        "event_type": event_type,
        "event_type_string": event_type.replace("_", " ").capitalize(),
        "object_type": "permit" if object_reference else "work",
        "object_type_string": "Permit" if object_reference else "Work",
        "update_date_time": datetime.fromtimestamp(now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }
    state["events"].append(event)
    state["next_update_id"] += 1
    return event


# Keys that live on the works as well as on its permits.
_WORK_LEVEL = {
    "works_coordinates",
    "usrn",
    "street_name",
    "town",
    "area_name",
    "work_status",
    "works_location_description",
    "description_of_work",
}


def change_permit(
    wrn: str, event_type: str = "alteration_granted", **changes: Any
) -> dict[str, Any]:
    """Change the active permit of a works (as a granted alteration would) and emit an update."""
    state = load()
    entry = state["works"][wrn]
    prn = entry["active_permit"]
    permit = entry["permits"][prn]
    permit.update(changes)
    permit["date_modified"] = datetime.fromtimestamp(now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    entry["work"].update({key: value for key, value in changes.items() if key in _WORK_LEVEL})
    event = emit_event(state, wrn, event_type, prn)
    save(state)
    return event


def touch_works(wrn: str, event_type: str = "comment_added") -> dict[str, Any]:
    """An update event that changes nothing the portal cares about."""
    state = load()
    event = emit_event(state, wrn, event_type)
    save(state)
    return event


# --- faults -------------------------------------------------------------------------------


def add_fault(
    status: int,
    *,
    path: str = "",
    times: int = 1,
    retry_after: str | None = None,
    delay: float = 0.0,
    message: str = "",
) -> None:
    """Answer the next `times` requests whose path contains `path` with `status`.

    `delay` sleeps before answering (to trip a client's read timeout).
    """
    faults = cache.get(FAULTS_KEY) or []
    faults.append(
        {
            "status": status,
            "path": path,
            "times": times,
            "retry_after": retry_after,
            "delay": delay,
            "message": message,
        }
    )
    cache.set(FAULTS_KEY, faults, TIMEOUT)


def take_fault(path: str) -> dict[str, Any] | None:
    faults = cache.get(FAULTS_KEY) or []
    for fault in faults:
        if fault["times"] > 0 and fault["path"] in path:
            fault["times"] -= 1
            cache.set(FAULTS_KEY, [f for f in faults if f["times"] > 0], TIMEOUT)
            return fault
    return None


def over_rate_limit(address: str) -> float | None:
    """Seconds until the caller may try again, when it has used this minute's budget."""
    limit = int(emulator_settings()["rate_limit_per_minute"])
    if limit <= 0:
        return None
    moment = now()
    key = f"{PREFIX}:rate:{address}:{int(moment // 60)}"
    cache.add(key, 0, 120)
    if cache.incr(key) > limit:
        return 60 - moment % 60
    return None


# --- accounts, tokens and lockout ---------------------------------------------------------


def organisation_of(email: str) -> str | None:
    """Demo API accounts are `api@<organisation>.streetmanager.example`."""
    local, _, domain = email.partition("@")
    org, _, rest = domain.partition(".")
    if local == "api" and rest == "streetmanager.example" and org.isdigit():
        return org
    return None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(message: str) -> str:
    key = hashlib.sha256(f"{settings.SECRET_KEY}:street-manager-emulator".encode()).digest()
    return _b64(hmac.new(key, message.encode(), hashlib.sha256).digest())


def issue_token(email: str, org: str, kind: str, lifetime: float) -> str:
    """A JWT-shaped token (HS256) with `exp`, so clients can read its expiry."""
    issued = now()
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(
        json.dumps(
            {
                "sub": email,
                "organisation": org,
                "token_use": kind,
                "iat": int(issued),
                "exp": issued + lifetime,
                "jti": uuid.uuid4().hex,
            }
        ).encode()
    )
    return f"{header}.{payload}.{_sign(f'{header}.{payload}')}"


def read_token(token: str, kind: str) -> dict[str, Any] | None:
    """The claims of a valid, unexpired, unrevoked token of `kind`, else None."""
    try:
        header, payload, signature = token.split(".")
        if not hmac.compare_digest(signature, _sign(f"{header}.{payload}")):
            return None
        claims = json.loads(_unb64(payload))
    except (ValueError, TypeError):
        return None
    if claims.get("token_use") != kind or claims.get("exp", 0) <= now():
        return None
    revoked_before = cache.get(f"{PREFIX}:revoked:{claims.get('sub')}")
    if revoked_before is not None and claims.get("iat", 0) <= revoked_before:
        return None
    return claims


def revoke_all(email: str) -> None:
    cache.set(f"{PREFIX}:revoked:{email}", int(now()), TIMEOUT)


def is_locked(email: str) -> bool:
    return (cache.get(f"{PREFIX}:locked:{email}") or 0) > now()


def record_failed_login(email: str) -> bool:
    """Count a failure; True when it locks the account (5 failures within 5 minutes)."""
    key = f"{PREFIX}:failures:{email}"
    moment = now()
    failures = [t for t in (cache.get(key) or []) if t > moment - LOCKOUT_WINDOW_SECONDS]
    failures.append(moment)
    if len(failures) >= LOCKOUT_FAILURES:
        cache.set(f"{PREFIX}:locked:{email}", moment + LOCKOUT_SECONDS, TIMEOUT)
        cache.delete(key)
        return True
    cache.set(key, failures, TIMEOUT)
    return False


def clear_failed_logins(email: str) -> None:
    cache.delete(f"{PREFIX}:failures:{email}")


# --- request log (tests check which headers arrived) --------------------------------------


def log_request(method: str, path: str, headers: Mapping[str, str]) -> None:
    log = cache.get(LOG_KEY) or []
    log.append(
        {
            "method": method,
            "path": path,
            "has_token_header": bool(headers.get("token")),
            "has_authorization_header": bool(headers.get("authorization")),
        }
    )
    cache.set(LOG_KEY, log[-200:], TIMEOUT)


def request_log() -> list[dict[str, Any]]:
    return cache.get(LOG_KEY) or []
