"""Identifiers, references and names made only of spaces: the service refuses them, so do we."""

from __future__ import annotations

import re
from typing import Any

import orjson

from dtro_validation.issues import ADVICE, ERROR, ValidationIssue, pointer
from dtro_validation.messages import humanise
from dtro_validation.schema_messages import service_error

_VALUE_STARTING_WITH_SPACE = re.compile(rb'":"[\s\\\x80-\xff]')
_ENDINGS = ("reference", "name", "identifier", "id")
#: The ones the service's own checks refuse when blank; any other blank one is advice.
_ENFORCED = frozenset({"reference", "troName", "consultationName", "regulationShortName"})


def _is_identifying(key: str) -> bool:
    return key.lower().endswith(_ENDINGS)


def _may_hold_blank(data: Any) -> bool:
    """False when no string value of any object starts with a space, so none can be blank:
    one compact serialisation (C speed) and one search, rather than a walk in Python. In
    that output every string value reads `":"` then its first character, and a space of any
    kind there is an ASCII space, an escape (backslash) or a non-ASCII byte."""
    try:
        compact = orjson.dumps(data)
    except TypeError:  # not plain JSON (a number too big for orjson, say): walk it
        return True
    return _VALUE_STARTING_WITH_SPACE.search(compact) is not None


def _any_blank(data: Any) -> bool:
    """Whether any identifying key holds only spaces: a walk that builds no paths, because a
    10 MB order has 100,000 nodes and almost never a blank name."""
    if not _may_hold_blank(data):
        return False
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str):
                    if value and value.isspace() and _is_identifying(key):
                        return True
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return False


def blank_issues(data: Any, path: tuple[str | int, ...] = ()) -> list[ValidationIssue]:
    """A `blank` issue for each whitespace-only string under an identifying key."""
    if not path and not _any_blank(data):
        return []
    found: list[ValidationIssue] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                if value and not value.strip() and _is_identifying(key):
                    found.append(_issue((*path, key), key, value))
            elif isinstance(value, dict | list):
                found.extend(blank_issues(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                found.extend(blank_issues(value, (*path, index)))
    return found


def _issue(path: tuple[str | int, ...], key: str, value: str) -> ValidationIssue:
    human = humanise(key)
    if key not in _ENFORCED:
        return ValidationIssue(
            path=pointer("data", *path),
            code="blank",
            message=f"The {human} is only spaces. The D-TRO service accepts this, but give "
            f"it a value or leave it out.",
            stage="schema",
            severity=ADVICE,
        )
    message = f"The {human} must not be blank."
    return ValidationIssue(
        path=pointer("data", *path),
        code="blank",
        message=message,
        stage="schema",
        service=service_error(message, list(path), value, "Blank"),
        severity=ERROR,
    )
