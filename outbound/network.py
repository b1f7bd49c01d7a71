"""What a request that got no HTTP answer means, for every outbound client.

A failure before any byte left (no connection, TLS refused) is safe to retry, even for a
write; a timeout or reset after the request left may hide a change that was applied; a URL
that cannot be used at all is a configuration fault that retrying will not fix. Every
client turns these into its own errors of the shared kinds (`outbound.errors`).
"""

from __future__ import annotations

import enum

import requests
import urllib3


class NetworkFailure(enum.Enum):
    UNUSABLE_URL = "unusable_url"  # the request could not be built: fix the base URL
    NOT_SENT = "not_sent"  # no connection was made: the service saw nothing
    NO_ANSWER = "no_answer"  # sent, or perhaps sent, and then no answer came


_UNUSABLE_URL = (
    requests.exceptions.InvalidURL
    | requests.exceptions.MissingSchema
    | requests.exceptions.InvalidSchema
)
_NOT_SENT = requests.ConnectTimeout | requests.exceptions.SSLError | requests.exceptions.ProxyError


def classify_network_failure(exc: requests.RequestException) -> NetworkFailure:
    if isinstance(exc, _UNUSABLE_URL):
        return NetworkFailure.UNUSABLE_URL
    if isinstance(exc, _NOT_SENT):
        return NetworkFailure.NOT_SENT
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
        if isinstance(
            reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
        ):
            return NetworkFailure.NOT_SENT
    return NetworkFailure.NO_ANSWER
