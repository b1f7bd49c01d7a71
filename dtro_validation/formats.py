"""JSON Schema `format` checked as strictly as the D-TRO service's validator does.

The service (Newtonsoft.Json.Schema) enforces `date`, `date-time`, `time`, `email` and `uri`;
jsonschema-rs treats `format` as a note unless asked. These checkers are ours, with no
network and no extra dependency, so the portal refuses what the service would.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A fourth `:ff` part is allowed: DfT's own 3.4.0 example `ttro-morecomplexexample` has
# `16:30:00:00`, and the service accepts its own examples.
_TIME = re.compile(
    r"(\d{2}):(\d{2}):(\d{2})(?::\d{2})?(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?", re.IGNORECASE
)
# As the service reads it (see research/dtro-service.md: pointOfContactEmail).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


# Orders repeat the same few dates thousands of times (a 10 MB order: 23,000 date-times,
# a handful distinct), so each answer is kept.
@lru_cache(maxsize=4096)
def is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def is_time(value: str) -> bool:
    match = _TIME.fullmatch(value)
    if not match:
        return False
    hour, minute, second = (int(match.group(i)) for i in (1, 2, 3))
    if match.group(5) and match.group(5).upper() != "Z":
        offset_h, offset_m = match.group(5)[1:].split(":")
        if int(offset_h) > 23 or int(offset_m) > 59:
            return False
    try:
        time(hour, minute, second)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def is_date_time(value: str) -> bool:
    day, sep, clock = value.partition("T")
    if not sep:
        day, sep, clock = value.partition("t")
    return bool(sep) and is_date(day) and is_time(clock)


def is_email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value))


def is_uri(value: str) -> bool:
    """Absolute only: a scheme, then something; no spaces."""
    if not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    if not parts.scheme or not _SCHEME.fullmatch(parts.scheme):
        return False
    if parts.scheme.lower() in ("http", "https"):
        return bool(parts.netloc)
    return bool(parts.netloc or parts.path)


STRICT_FORMATS: dict[str, Any] = {
    "date": is_date,
    "date-time": is_date_time,
    "time": is_time,
    "email": is_email,
    "uri": is_uri,
}

EXAMPLES = {
    "date": "a date, such as 2025-01-27",
    "date-time": "a date and time, such as 2025-01-27T09:00:00",
    "time": "a time, such as 09:00:00",
    "email": "an email address, such as name@example.gov.uk",
    "uri": "a full web address, such as https://www.example.gov.uk/orders",
}
