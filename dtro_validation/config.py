"""The validation package's configuration, set by whoever uses it (no Django settings here).

The portal calls `configure(...)` from its app config with values from its settings; the CLI,
the sandbox and other tools may call it themselves or rely on the embedded defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ValidationConfig:
    # Where `schemas/<v>.json`, `rules/<v>.json` and examples live; None means no spec folder.
    spec_dir: Path | None = None
    # Versions to treat as inactive until the service's own answer says otherwise.
    inactive_versions: frozenset[str] = field(default_factory=frozenset)
    # A 10 MB valid order holds about 293,000 values and nests about 12 deep.
    max_values: int = 600_000
    max_depth: int = 64
    max_issues: int = 500
    # Schema versions fetched from the service and cached by the portal (records with version,
    # schema, rules, is_active, source and fetched_at); they override the spec folder's.
    cached_versions: Callable[[], Iterable[Any]] | None = None
    # Candidate schemas (drafts DfT has not published, e.g. 5.0.0) are loaded but refused
    # unless this is on; they are never the default either way.
    allow_candidate_schemas: bool = False


_current = ValidationConfig()


def current() -> ValidationConfig:
    return _current


def parse_versions(value: str | Iterable[Any] | None) -> frozenset[str]:
    """`"3.4.0, 3.4.1"` or `["3.4.0"]` -> the set of versions named."""
    if not value:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else value
    return frozenset(str(item).strip() for item in items if str(item).strip())


def configure(
    *,
    spec_dir: str | Path | None = None,
    inactive_versions: str | Iterable[Any] | None = None,
    max_values: int | None = None,
    max_depth: int | None = None,
    max_issues: int | None = None,
    cached_versions: Callable[[], Iterable[Any]] | None = None,
    allow_candidate_schemas: bool | None = None,
) -> ValidationConfig:
    """Replace the values given (None keeps the current one); the schema registry is rebuilt
    on its next use, so a new spec folder or inactive list is seen at once."""
    global _current
    changes: dict[str, Any] = {}
    if spec_dir is not None:
        changes["spec_dir"] = Path(spec_dir) if str(spec_dir) else None
    if inactive_versions is not None:
        changes["inactive_versions"] = parse_versions(inactive_versions)
    for name, value in (
        ("max_values", max_values),
        ("max_depth", max_depth),
        ("max_issues", max_issues),
    ):
        if value is not None:
            changes[name] = int(value)
    if cached_versions is not None:
        changes["cached_versions"] = cached_versions
    if allow_candidate_schemas is not None:
        changes["allow_candidate_schemas"] = bool(allow_candidate_schemas)
    # A new config object: the registry compares identity and rebuilds on its next use.
    _current = replace(_current, **changes)
    return _current
