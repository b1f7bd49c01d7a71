"""Recording each outbound call as an `OutboundCall`, with secrets scrubbed from anything stored."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.db import DatabaseError, models, transaction

from outbound.models import OutboundCall, Service

logger = logging.getLogger("outbound")

EXCERPT_CHARS = 500
PATH_CHARS = 300
REDACTED = "[redacted]"
_AUTH_SCHEME = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}")
_SECRET_FIELD = re.compile(
    r"""(?ix)
    (["']?(?:access_token|refresh_token|client_secret|token|secret|password|authorization)["']?
    \s*[:=]\s*["']?)
    (?!(?:bearer|basic)\s)[^"'\s,&}]+
    """
)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without bearer/basic credentials, token fields or any of `secrets`."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, REDACTED)
    text = _AUTH_SCHEME.sub(rf"\1\2{REDACTED}", text)
    return _SECRET_FIELD.sub(rf"\1{REDACTED}", text)


def excerpt(text: str, secrets: Iterable[str] = ()) -> str:
    # Scrub before cutting so a secret split at the boundary cannot survive half-visible.
    return scrub(text, secrets)[:EXCERPT_CHARS]


def record(
    *,
    service: Service,
    method: str,
    path: str,
    status: int | None,
    duration_ms: int,
    outcome: str,
    correlation_id: str = "",
    error_excerpt: str = "",
    authority_id: int | None = None,
    credential_id: int | None = None,
    submission_id: int | None = None,
) -> None:
    """Save the call's record; a failure to save must never turn a delivered call into an error.

    `error_excerpt` must already be scrubbed (`excerpt`): only the client knows its secrets.
    """
    logger.info(
        "%s %s %s -> %s (%s) in %d ms, correlation %s",
        service.label,
        method,
        path,
        status if status is not None else "no response",
        outcome,
        duration_ms,
        correlation_id or "none",
    )
    call = OutboundCall(
        service=service,
        authority_id=authority_id,
        credential_id=credential_id,
        method=method,
        path=path[:PATH_CHARS],
        correlation_id=correlation_id,
        status=status,
        duration_ms=max(0, duration_ms),
        outcome=outcome,
        error_excerpt=error_excerpt,
        submission_id=submission_id,
    )
    save_quietly(call, what=f"the {service.label} call {method} {path}")


def save_quietly(row: models.Model, *, what: str) -> None:
    """Insert a record of an outside call; failing to must never fail the call it records.

    Inside a transaction the insert gets a savepoint, so an error cannot break the caller's
    transaction; in autocommit it is one plain statement (this runs for every call).
    """
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                row.save(force_insert=True)
        else:
            row.save(force_insert=True)
    except DatabaseError:
        logger.exception("Could not record %s", what)
