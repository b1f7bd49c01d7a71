"""The only code that speaks HTTP to the D-TRO service."""

from __future__ import annotations

from dtro_app.client.api import DEFAULT_TIMEOUT, DtroClient, parse_service_id
from dtro_app.client.errors import (
    DEFAULT_RETRY_AFTER,
    DUPLICATE,
    PERMANENT,
    TRANSIENT,
    UNKNOWN_OUTCOME,
    ApiError,
    BudgetExhausted,
    CircuitOpen,
    DuplicateError,
    NotSent,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcomeError,
    parse_retry_after,
)

__all__ = [
    "DEFAULT_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "DUPLICATE",
    "PERMANENT",
    "TRANSIENT",
    "UNKNOWN_OUTCOME",
    "ApiError",
    "BudgetExhausted",
    "CircuitOpen",
    "DtroClient",
    "DuplicateError",
    "NotSent",
    "PermanentError",
    "RateLimited",
    "TransientError",
    "UnknownOutcomeError",
    "parse_retry_after",
    "parse_service_id",
]
