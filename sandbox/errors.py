"""The service's error body shapes as one exception the views render."""

from __future__ import annotations

import uuid
from typing import Any


class ServiceError(Exception):
    """An HTTP error answer with the exact body the real service or gateway sends."""

    def __init__(self, status: int, body: Any, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body!r}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def e1(status: int, message: str, error: str) -> ServiceError:
    """`{"message", "error"}`: what every controller's catch block returns."""
    return ServiceError(status, {"message": message, "error": error})


def bad_request(error: str) -> ServiceError:
    return e1(400, "Bad Request", error)


def problem(errors: dict[str, list[str]]) -> ServiceError:
    """ASP.NET ValidationProblemDetails (E5): model binding and annotation failures."""
    trace = f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-00"
    return ServiceError(
        400,
        {
            "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": errors,
            "traceId": trace,
        },
    )


def fault(status: int, faultstring: str, errorcode: str, **headers: str) -> ServiceError:
    """An Apigee gateway fault (E6)."""
    return ServiceError(
        status,
        {"fault": {"faultstring": faultstring, "detail": {"errorcode": errorcode}}},
        headers=headers,
    )


def missing_token() -> ServiceError:
    return fault(401, "Invalid access token", "oauth.v2.InvalidAccessToken")


def unknown_token() -> ServiceError:
    return fault(401, "Invalid Access Token", "keymanagement.service.invalid_access_token")


def expired_token() -> ServiceError:
    return fault(401, "Access Token expired", "keymanagement.service.access_token_expired")


def insufficient_scope(scopes: tuple[str, ...]) -> ServiceError:
    return fault(
        403, f"Required scope(s): [{', '.join(scopes)}]", "steps.oauth.v2.InsufficientScope"
    )


def spike_arrest(
    rate_per_minute: int, burst: int | None = None, retry_after: int | None = None
) -> ServiceError:
    """Apigee's SpikeArrest refusal, naming the rate and burst in force."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    burst_text = f"{float(burst if burst is not None else max(1.0, rate_per_minute / 10)):.1f}"
    return fault(
        429,
        "Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod="
        f"{rate_per_minute}, periodInMicroseconds=60000000, maxBurstMessageCount="
        f"{burst_text}}}",
        "policies.ratelimit.SpikeArrestViolation",
        **headers,
    )


def body_too_large() -> ServiceError:
    # Apigee refuses a request body over its 10 MB buffer with 413 and this fault.
    return fault(413, "Body buffer overflow", "protocol.http.TooBigBody")


def response_too_large() -> ServiceError:
    # The live gateway's answer to a GET of a record over 10 MB (D-TRO issue #118): the
    # record exists, but it cannot be sent back.
    return fault(502, "Body buffer overflow", "protocol.http.TooBigBody")


def not_found_dtro(dtro_id: object) -> ServiceError:
    return e1(
        404,
        f"TRO '{dtro_id}' not found",
        f"Dtro '{dtro_id}' has either been deleted or cannot be found.",
    )
