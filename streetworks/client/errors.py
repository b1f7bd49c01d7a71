"""How a failed Street Manager call is classified.

Callers act on `transient`: a transient error may succeed later (429, 5xx, timeouts);
anything else needs a person (wrong password, locked account, suspended organisation,
access restricted, not found).
"""

from __future__ import annotations

from typing import Any


class StreetManagerError(Exception):
    transient = False
    outcome = "permanent"

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class AuthenticationFailed(StreetManagerError):
    """Bad email or password, or a token Street Manager no longer accepts."""

    outcome = "authentication_failed"


class AccessRestricted(StreetManagerError):
    """The token is valid but the account may not do this: refreshing will not help."""

    outcome = "access_restricted"


class AccountLocked(StreetManagerError):
    """423: five failed logins within five minutes; it unlocks itself after five minutes."""

    outcome = "locked"


class OrganisationSuspended(StreetManagerError):
    """412: the account's organisation is suspended or disabled."""

    outcome = "suspended"


class NotFound(StreetManagerError):
    outcome = "not_found"


class PermanentError(StreetManagerError):
    outcome = "permanent"


class TransientError(StreetManagerError):
    transient = True
    outcome = "transient"


class RateLimited(TransientError):
    outcome = "rate_limited"


def message_of(body: Any) -> str:
    if isinstance(body, dict):
        return str(body.get("message") or "")
    return ""


def classify(status: int, body: Any, retry_after: float | None = None) -> StreetManagerError:
    """The error for a non-2xx answer from a resource or auth endpoint."""
    message = message_of(body)
    if status == 401:
        if message.lower().startswith("access restricted"):
            return AccessRestricted(
                "Street Manager says this account may not see that record", status=status
            )
        return AuthenticationFailed(
            "Street Manager did not accept the account's credentials", status=status
        )
    if status == 423:
        return AccountLocked(
            "The Street Manager account is locked after too many failed sign-ins; "
            "it unlocks itself after 5 minutes",
            status=status,
        )
    if status == 412:
        return OrganisationSuspended(
            "Street Manager says the account's organisation is suspended", status=status
        )
    if status == 429:
        return RateLimited(
            "Street Manager asked us to slow down", status=status, retry_after=retry_after
        )
    if status == 404:
        return NotFound("Street Manager has no record with that reference", status=status)
    if status >= 500:
        return TransientError(
            f"Street Manager is not responding properly ({status})", status=status
        )
    return PermanentError(
        f"Street Manager refused the request ({status}){': ' + message if message else ''}",
        status=status,
    )
