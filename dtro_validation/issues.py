"""The shapes every validation stage reports in: issues, reports and form-field names."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

#: Pipeline order. The real service stops at the first stage that reports anything.
STAGES: tuple[str, ...] = ("envelope", "version", "schema", "semantic", "rules", "service")

SOURCE_FIELDS = frozenset(
    {
        "troName",
        "reference",
        "section",
        "traCreator",
        "currentTraOwner",
        "traAffected",
        "actionType",
        "statementDescription",
        "madeDate",
        "comingIntoForceDate",
    }
)


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in a D-TRO, in words an officer can act on."""

    path: str
    code: str
    message: str
    field: str | None = None
    stage: str = "schema"
    service: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # The form field follows from the path; every stage gets it without asking.
        if self.field is None:
            object.__setattr__(self, "field", field_for_path(self.path))

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


def _last_named(parts: list[str]) -> str | None:
    for part in reversed(parts):
        if not part.isdigit():
            return part
    return None


def field_for_path(path: str) -> str | None:
    """Map a JSON Pointer into the envelope to the guided form's field name.

    `/data/source/troName` -> `troName`; `/data/source/provision/0/reference` ->
    `provision-0-reference`; `.../regulatedPlace/1/linearGeometry/linestring` ->
    `provision-0-place-1-linestring`; `.../regulation/...` -> `provision-0-regulation-<name>`.
    """
    parts = split_pointer(path)
    if len(parts) < 3 or parts[0] != "data":
        return None
    if parts[1] == "consultation":
        return f"consultation-{parts[2]}" if not parts[2].isdigit() else None
    if parts[1] != "source":
        return None
    top = parts[2]
    if top != "provision":
        return top if top in SOURCE_FIELDS else None
    if len(parts) < 5 or not parts[3].isdigit():
        return None
    index = parts[3]
    key = parts[4]
    rest = parts[5:]
    if key == "regulatedPlace":
        if not rest or not rest[0].isdigit():
            return None
        name = _last_named(rest[1:])
        return f"provision-{index}-place-{rest[0]}-{name}" if name else None
    if key == "regulation":
        name = _last_named(rest) or "regulation"
        return f"provision-{index}-regulation-{name}"
    return f"provision-{index}-{key}"


_DOTTED_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def dotted_to_pointer(path: str) -> str | None:
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
