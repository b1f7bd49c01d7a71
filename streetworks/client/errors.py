"""How a failed Street Manager call is classified, in the shared kinds of `outbound.errors`.

Callers act on `transient`: a transient error may succeed later (429, 5xx, timeouts);
anything else needs a person (wrong password, locked account, suspended organisation,
access restricted, not found). `outcome` is the finer case the call record stores.
"""

from __future__ import annotations

from typing import Any

from outbound import errors as outbound


class StreetManagerError(outbound.OutboundError):
    """A Street Manager call that did not succeed."""


class AuthenticationFailed(StreetManagerError, outbound.PermanentError):
    """Bad email or password, or a token Street Manager no longer accepts."""

    outcome = "authentication_failed"


class AccessRestricted(StreetManagerError, outbound.PermanentError):
    """The token is valid but the account may not do this: refreshing will not help."""

    outcome = "access_restricted"


class AccountLocked(StreetManagerError, outbound.PermanentError):
    """423: five failed logins within five minutes; it unlocks itself after five minutes."""

    outcome = "locked"


class OrganisationSuspended(StreetManagerError, outbound.PermanentError):
    """412: the account's organisation is suspended or disabled."""

    outcome = "suspended"


class NotFound(StreetManagerError, outbound.PermanentError):
    outcome = "not_found"


class PermanentError(StreetManagerError, outbound.PermanentError):
    """Refused for good for any other reason: do not send it again as is."""


class TransientError(StreetManagerError, outbound.TransientError):
    """Not answered properly; the same request later may succeed."""


class RateLimited(TransientError, outbound.RateLimited):
    """429: wait `retry_after` seconds."""


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
