"""The shapes every validation stage reports in: issues, reports and JSON Pointers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

#: Pipeline order. The real service stops at the first stage that reports anything.
STAGES: tuple[str, ...] = ("envelope", "version", "schema", "semantic", "rules", "service")


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in a D-TRO, in words an officer can act on."""

    path: str
    code: str
    message: str
    stage: str = "schema"
    service: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationReport:
    schema_version: str | None
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.issues

    def first_failing_stage(self) -> list[ValidationIssue]:
        """The issues of the first stage with any: what the real service would return."""
        for stage in STAGES:
            found = [issue for issue in self.issues if issue.stage == stage]
            if found:
                return found
        return []

    def to_dict(self) -> dict[str, Any]:
        return {
            "schemaVersion": self.schema_version,
            "valid": self.is_valid,
            "issues": [issue.to_dict() for issue in self.issues],
        }


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
