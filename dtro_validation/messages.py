"""Plain-English wording for schema errors, and the Newtonsoft wording the service uses."""

from __future__ import annotations

import json
import re
from typing import Any

_TYPE_NAMES = {
    "integer": ("a whole number", "Integer"),
    "number": ("a number", "Number"),
    "string": ("text", "String"),
    "array": ("a list", "Array"),
    "object": ("a group of fields", "Object"),
    "boolean": ("true or false", "Boolean"),
    "null": ("empty", "Null"),
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPECIAL = {
    "tra": "TRA",
    "usrn": "USRN",
    "esu": "ESU",
    "url": "URL",
    "wkt": "WKT",
    "tro": "TRO",
    "ttro": "TTRO",
}


def humanise(name: str | None) -> str:
    """`comingIntoForceDate` -> `coming into force date`; `traCreator` -> `TRA creator`."""
    if not name:
        return "the D-TRO"
    words = _CAMEL.sub(" ", name).split()
    return " ".join(_SPECIAL.get(w.lower(), w.lower()) for w in words)


def json_type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def newtonsoft_type(json_type: str) -> str:
    return _TYPE_NAMES.get(json_type, ("", json_type.title()))[1]


def plain_type(json_type: str) -> str:
    return _TYPE_NAMES.get(json_type, (json_type, ""))[0]


def short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def list_options(options: list[Any], limit: int = 12) -> str:
    shown = [str(o) for o in options[:limit]]
    more = f" (and {len(options) - limit} more)" if len(options) > limit else ""
    return ", ".join(shown) + more


_PATTERN_HINTS = {
    "^P(?!$)": "an ISO 8601 duration such as P3D (3 days) or PT2H (2 hours)",
}


def pattern_hint(pattern: str) -> str:
    for prefix, hint in _PATTERN_HINTS.items():
        if pattern.startswith(prefix):
            return hint
    return f"text matching the pattern {pattern}"
