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
    DuplicateError,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcomeError,
    parse_retry_after,
)
from dtro_app.client.ratelimit import acquire

__all__ = [
    "DEFAULT_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "DUPLICATE",
    "PERMANENT",
    "TRANSIENT",
    "UNKNOWN_OUTCOME",
    "ApiError",
    "DtroClient",
    "DuplicateError",
    "PermanentError",
    "RateLimited",
    "TransientError",
    "UnknownOutcomeError",
    "acquire",
    "parse_retry_after",
    "parse_service_id",
]
