"""Identifiers, references and names made only of spaces: the service refuses them, so do we."""

from __future__ import annotations

from typing import Any

from dtro_validation.issues import ADVICE, ERROR, ValidationIssue, pointer
from dtro_validation.messages import humanise
from dtro_validation.schema_messages import service_error

_ENDINGS = ("reference", "name", "identifier", "id")
#: The ones the service's own checks refuse when blank; any other blank one is advice.
_ENFORCED = frozenset({"reference", "troName", "consultationName", "regulationShortName"})


def _is_identifying(key: str) -> bool:
    return key.lower().endswith(_ENDINGS)


def _any_blank(data: Any) -> bool:
    """Whether any identifying key holds only spaces: a walk that builds no paths, because a
    10 MB order has 100,000 nodes and almost never a blank name."""
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
