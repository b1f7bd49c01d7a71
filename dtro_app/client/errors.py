"""How a failed call to the D-TRO service is classified, in the shared kinds of `outbound.errors`.

Callers act on `kind`: permanent (stop and show the issues), transient (retry later, after
`retry_after` seconds when given), unknown_outcome (a write may have been applied:
reconcile before resending) and, the D-TRO service's own, duplicate (the service already
holds this exact payload).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from dtro_validation import ValidationIssue, translate_service_error
from outbound import errors as outbound
from outbound.errors import PERMANENT, TRANSIENT, UNKNOWN_OUTCOME, parse_retry_after

DUPLICATE = "duplicate"

__all__ = [
    "DEFAULT_RETRY_AFTER",
    "DUPLICATE",
    "PERMANENT",
    "TRANSIENT",
    "UNKNOWN_OUTCOME",
    "ApiError",
    "BudgetExhausted",
    "CircuitOpen",
    "DuplicateError",
    "NotSent",
    "PermanentError",
    "RateLimited",
    "TransientError",
    "UnknownOutcomeError",
    "classify_response",
    "is_duplicate_rejection",
    "parse_retry_after",
]

# No Retry-After is documented; the gateway's SpikeArrest counts per minute and DfT's own
# API tests wait 10 s between runs to stay under it.
DEFAULT_RETRY_AFTER = 10.0

# Since April 2026 the service refuses an exact duplicate create with a plain 400 (E1 body),
# and since July 2026 an exact duplicate update with 409 "Duplicate content exception".
_DUPLICATE_WORDING = re.compile(r"identical|duplicate|already (?:been )?(?:submitted|exists)", re.I)


class ApiError(outbound.OutboundError):
    """A D-TRO call that did not succeed; `issues` are the service's refusals in plain English."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: Any = None,
        retry_after: float | None = None,
        issues: list[ValidationIssue] | None = None,
        correlation_id: str | None = None,
    ) -> None:
        super().__init__(
            message,
            status=status,
            body=body,
            retry_after=retry_after,
            correlation_id=correlation_id,
        )
        self.issues = issues or []


class PermanentError(ApiError, outbound.PermanentError):
    """Refused for good (validation, permissions, not found): do not send it again as is."""


class TooLargeToRead(PermanentError):
    """The service holds a record it cannot send back (over 10 MB: 502 TooBigBody, D-TRO
    issue #118), or holds several the portal cannot tell apart: what a change did cannot be
    checked, so a person must look before it is retried or cancelled."""


class DuplicateError(ApiError):
    """The service already holds an identical payload: find its id, do not resend."""

    kind = DUPLICATE
    outcome = DUPLICATE


class TransientError(ApiError, outbound.TransientError):
    """Not applied; sending the same request later may succeed."""


class RateLimited(TransientError, outbound.RateLimited):
    """The gateway's 429: wait `retry_after` seconds (`advised_wait`: its Retry-After, if any)."""


class NotSent(TransientError):
    """The portal held the request back before sending it: not an attempt at delivery."""


class BudgetExhausted(NotSent):
    """The environment's shared budget is booked further ahead than a caller may wait."""


class CircuitOpen(NotSent):
    """The service has not answered recently; calls wait for the probe to find it back."""

    def __init__(self, message: str, *, failing_since: datetime | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.failing_since = failing_since


class UnknownOutcomeError(ApiError, outbound.UnknownOutcomeError):
    """A write may or may not have been applied: reconcile before resending."""


def is_duplicate_rejection(status: int, body: Any) -> bool:
    if status not in (400, 409) or not isinstance(body, dict):
        return False
    # Only the service's plain E1 shape; `ruleError_N` "duplication reference" is validation.
    if any(str(key).lower().startswith("ruleerror_") for key in body):
        return False
    words = " ".join(str(body.get(key, "")) for key in ("error", "message"))
    return bool(_DUPLICATE_WORDING.search(words))


def too_large_to_read(error: ApiError) -> bool:
    """The live gateway's answer to a GET of a record over 10 MB: 502 TooBigBody (D-TRO issue
    #118), as `classify_response` names it. The record is there; it cannot be sent back."""
    return isinstance(error, TooLargeToRead) and error.status == 502


def references_already_held(error: ApiError) -> bool:
    """A provision-level create refused because the record already holds provisions with
    these references (the service's rule "'2' duplication reference")."""
    body = error.body
    if error.status != 400 or not isinstance(body, dict):
        return False
    return any(
        isinstance(rule, dict) and "duplication reference" in str(rule.get("name", ""))
        for key, rule in body.items()
        if str(key).lower().startswith("ruleerror_")
    )


def classify_response(
    *,
    status: int,
    body: Any,
    is_write: bool,
    retry_after_header: str | None,
    correlation_id: str | None,
) -> ApiError:
    """The error for a non-2xx answer (a 401 reaching here has already had its retry)."""
    common = {"status": status, "body": body, "correlation_id": correlation_id}
    if status == 429:
        retry_after = parse_retry_after(retry_after_header)
        limited = RateLimited(
            "The D-TRO service asked us to slow down",
            retry_after=DEFAULT_RETRY_AFTER if retry_after is None else retry_after,
            **common,
        )
        limited.advised_wait = retry_after
        return limited
    if is_duplicate_rejection(status, body):
        return DuplicateError(
            "The D-TRO service already holds an identical D-TRO",
            issues=translate_service_error(status, body),
            **common,
        )
    if not is_write and status == 502 and "TooBigBody" in str(body):
        # Asking again cannot help: the record is too large for the gateway to send back.
        return TooLargeToRead(
            "The D-TRO service holds this record but cannot send it back: it is over 10 MB, "
            "a limit of its gateway (D-TRO issue #118)",
            **common,
        )
    if status >= 500:
        message = f"The D-TRO service answered {status}"
        if is_write:
            return UnknownOutcomeError(f"{message}; the change may have been applied", **common)
        return TransientError(message, **common)
    if 400 <= status < 500:
        return PermanentError(
            f"The D-TRO service refused the request ({status})",
            issues=translate_service_error(status, body),
            **common,
        )
    # Redirects are not followed (a POST would silently become a GET): the base URL is wrong.
    return PermanentError(
        f"Unexpected answer {status} from the D-TRO service; check the credential's base URL",
        **common,
    )
