"""The shapes every validation stage reports in: issues, reports and JSON Pointers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

#: Pipeline order. The real service stops at the first stage that reports anything.
STAGES: tuple[str, ...] = ("envelope", "version", "schema", "semantic", "rules", "service")

#: An error stops a D-TRO being sent (the service would refuse it); advice is the portal's
#: own caution about something the service accepts, shown apart and never blocking.
ERROR = "error"
ADVICE = "advice"
SEVERITIES: tuple[str, ...] = (ERROR, ADVICE)
# Advice to the portal, refusals at the service: the service refuses them on the day of
# sending, and the portal waits for the day they stop applying rather than block a draft.
REFUSED_UNTIL_THEIR_DAY = frozenset({"coming_into_force_in_future"})


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in a D-TRO, in words an officer can act on."""

    path: str
    code: str
    message: str
    stage: str = "schema"
    service: dict[str, Any] | None = None
    severity: str = ERROR

    @property
    def is_advice(self) -> bool:
        return self.severity == ADVICE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationReport:
    schema_version: str | None
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[ValidationIssue]:
        return [issue for issue in self.issues if not issue.is_advice]

    @property
    def advice(self) -> list[ValidationIssue]:
        return [issue for issue in self.issues if issue.is_advice]

    @property
    def is_valid(self) -> bool:
        """No errors; advice alone never makes a D-TRO invalid."""
        return not any(not issue.is_advice for issue in self.issues)

    def first_failing_stage(self) -> list[ValidationIssue]:
        """The errors of the first stage with any: what the real service would return."""
        for stage in STAGES:
            found = [i for i in self.issues if i.stage == stage and not i.is_advice]
            if found:
                return found
        return []

    def to_dict(self) -> dict[str, Any]:
        return {
            "schemaVersion": self.schema_version,
            "valid": self.is_valid,
            "issues": [issue.to_dict() for issue in self.issues],
        }


def split_by_severity(
    issues: list[dict[str, Any]] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(errors, advice) of stored issue dicts; those saved before severities existed are errors."""
    errors: list[dict[str, Any]] = []
    advice: list[dict[str, Any]] = []
    for issue in issues or []:
        (advice if issue.get("severity") == ADVICE else errors).append(issue)
    return errors, advice


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*parts: str | int) -> str:
    return "".join("/" + escape_token(p) for p in parts)


def split_pointer(path: str) -> list[str]:
    if not path:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


_DOTTED_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def dotted_to_pointer(path: str) -> str:
    """`source.provision[0].regulatedPlace` (a Newtonsoft path inside `data`) -> pointer."""
    path = (path or "").strip()
    if not path or path.lower() == "root":
        return "/data"
    parts: list[str] = ["data"]
    for name, index in _DOTTED_TOKEN.findall(path):
        parts.append(index if index else name)
    return pointer(*parts)


def pointer_to_dotted(path: str) -> str:
    """Inverse of dotted_to_pointer for a pointer into `/data`; `root` when empty."""
    parts = split_pointer(path)
    if parts and parts[0] == "data":
        parts = parts[1:]
    out = ""
    for part in parts:
        if part.isdigit():
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "root"
