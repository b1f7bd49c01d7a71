"""Which data-spec versions exist, their JSON Schemas and rules, and which are active.

Sources, later ones overriding earlier ones: the configured spec folder (our layout
`schemas/<v>.json`, `rules/<v>.json`, or a checkout of DfT's repository with
`Supported version (v3.5.1)/...` folders; candidates from `candidate/<v>.json` or DfT's
`Candidate version (v5.0.0)` folders), then the database cache filled from the D-TRO
service's schema endpoints. The registry works without any database (a fresh checkout before
`migrate`).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtro_validation import config
from dtro_validation.formats import STRICT_FORMATS

logger = logging.getLogger(__name__)

VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_DFT_FOLDER_RE = re.compile(r"\(v(\d+\.\d+\.\d+)\)", re.IGNORECASE)
_DFT_SCHEMA_RE = re.compile(r"^d-tro-v(\d+\.\d+\.\d+)-schema\.json$", re.IGNORECASE)
_REGISTRY_TTL_SECONDS = 300
CANDIDATE_LABEL = "Candidate (not yet published by DfT)"


class UnknownSchemaVersion(LookupError):
    code = "schema_version_unknown"


class InactiveSchemaVersion(LookupError):
    code = "schema_version_inactive"


class CandidateSchemaVersion(InactiveSchemaVersion):
    """A candidate version asked for while candidates are not allowed (the live service
    does not accept it either)."""

    code = "schema_version_candidate"


def version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (0,)


@dataclass
class SchemaVersion:
    version: str
    schema: dict[str, Any]
    rules: list[dict[str, Any]] | None = None
    is_active: bool = True
    origin: str = ""
    # A draft DfT has not published: never the default, usable only when configured so.
    is_candidate: bool = False
    examples: list[Path] = field(default_factory=list)
    _validator: Any = field(default=None, repr=False, compare=False)
    # Lives on this object, so a rebuilt registry (a refresh) starts with an empty cache.
    _enum_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)

    def enum_values(self, name: str) -> tuple[str, ...]:
        """The values the schema's `$defs` (or older `definitions`) entry `name` allows, in
        schema order; () when there is no such enum."""
        if name not in self._enum_cache:
            defs = self.schema.get("$defs") or self.schema.get("definitions")
            entry = defs.get(name) if isinstance(defs, dict) else None
            values = entry.get("enum") if isinstance(entry, dict) else None
            self._enum_cache[name] = (
                tuple(str(v) for v in values) if isinstance(values, list) else ()
            )
        return self._enum_cache[name]

    def validator(self) -> Any:
        """The compiled jsonschema-rs validator, built once per version. It checks `format`
        with our strict checkers (dtro_validation.formats), as the service does; jsonschema-rs
        alone treats `format` as a note."""
        if self._validator is None:
            import jsonschema_rs

            self._validator = jsonschema_rs.Draft202012Validator(
                self.schema, validate_formats=True, formats=STRICT_FORMATS
            )
        return self._validator


class SchemaRegistry:
    def __init__(self, versions: Iterable[SchemaVersion] = ()) -> None:
        self._versions: dict[str, SchemaVersion] = {v.version: v for v in versions}
        self._lock = threading.Lock()
        self._enum_unions: dict[str, tuple[str, ...]] = {}

    def versions(self, *, include_candidates: bool = False) -> list[SchemaVersion]:
        """Published versions, oldest first; candidates only when asked for (so the
        newest, the sandbox's list and enum unions never see a draft)."""
        return sorted(
            (v for v in self._versions.values() if include_candidates or not v.is_candidate),
            key=lambda v: v.key,
        )

    def candidates(self) -> list[SchemaVersion]:
        return [v for v in self.versions(include_candidates=True) if v.is_candidate]

    def find(self, version: str) -> SchemaVersion | None:
        return self._versions.get(version)

    def get(self, version: str) -> SchemaVersion:
        """The active version; UnknownSchemaVersion, InactiveSchemaVersion or
        CandidateSchemaVersion say why not."""
        found = self._versions.get(version)
        known = ", ".join(v.version for v in self.versions() if v.is_active) or "none"
        if found is not None and found.is_candidate:
            if config.current().allow_candidate_schemas:
                return found
            raise CandidateSchemaVersion(
                f"Schema version {version} is a candidate, not yet published by DfT, and the "
                f"D-TRO service does not accept it. Versions accepted: {known}."
            )
        if found is None:
            raise UnknownSchemaVersion(
                f"Schema version {version} is not known to the D-TRO service. "
                f"Versions accepted: {known}."
            )
        if not found.is_active:
            raise InactiveSchemaVersion(
                f"Schema version {version} is no longer accepted by the D-TRO service. "
                f"Versions accepted: {known}."
            )
        return found

    def newest_active(self) -> SchemaVersion | None:
        active = [v for v in self.versions() if v.is_active]
        return active[-1] if active else None

    def enum_values(self, name: str) -> tuple[str, ...]:
        """Every value any known version allows for `$defs` entry `name`, sorted (a union:
        records made under an older version keep values newer versions dropped)."""
        if name not in self._enum_unions:
            values = {value for v in self.versions() for value in v.enum_values(name)}
            self._enum_unions[name] = tuple(sorted(values, key=str.lower))
        return self._enum_unions[name]

    def add(self, version: SchemaVersion) -> None:
        self._versions[version.version] = version
        self._enum_unions.clear()


# --- spec directory ---------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def load_rules(value: Any) -> list[dict[str, Any]] | None:
    """Rules arrive as a list, as the raw text the service stores, or wrapped in its GET body."""
    if value is None:
        return None
    if isinstance(value, dict) and "template" in value:
        value = value["template"]
    if isinstance(value, str | bytes):
        value = json.loads(value)
    if isinstance(value, list):
        return [r for r in value if isinstance(r, dict) and "rule" in r]
    return None


def load_spec_dir(spec_dir: str | Path) -> list[SchemaVersion]:
    """Versions found in our layout or in DfT's repository layout (both may coexist)."""
    root = Path(spec_dir)
    found: dict[str, SchemaVersion] = {}
    if not root.is_dir():
        return []
    inactive = config.current().inactive_versions
    schemas_dir = root / "schemas"
    if schemas_dir.is_dir():
        for path in sorted(schemas_dir.glob("*.json")):
            version = path.stem
            if not VERSION_RE.match(version):
                continue
            rules_path = root / "rules" / f"{version}.json"
            examples_dir = root / "examples" / version
            found[version] = SchemaVersion(
                version=version,
                schema=_read_json(path),
                rules=load_rules(_read_json(rules_path)) if rules_path.is_file() else None,
                origin=str(path),
                examples=sorted(examples_dir.glob("*.json")) if examples_dir.is_dir() else [],
            )
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        match = _DFT_FOLDER_RE.search(folder.name)
        if not match:
            continue
        version = match.group(1)
        is_candidate = "candidate" in folder.name.lower()
        schema_path = next(
            (
                p
                for p in sorted(folder.iterdir())
                if p.is_file() and (m := _DFT_SCHEMA_RE.match(p.name)) and m.group(1) == version
            ),
            None,
        )
        if schema_path is None:
            continue
        if version in found and (is_candidate or not found[version].is_candidate):
            continue
        examples = sorted(
            p
            for p in folder.rglob("*.json")
            if p != schema_path
            and "schema" not in p.name.lower()
            and "example" in str(p.relative_to(folder)).lower()
        )
        found[version] = SchemaVersion(
            version=version,
            schema=_read_json(schema_path),
            origin=str(schema_path),
            examples=examples,
            is_candidate=is_candidate,
        )
    for schema_version in found.values():
        schema_version.is_active = schema_version.version not in inactive
    _add_candidates(root, found)
    return list(found.values())


def _add_candidates(root: Path, found: dict[str, SchemaVersion]) -> None:
    """Our `candidate/<v>.json`; a published version of the same number wins."""
    candidate_dir = root / "candidate"
    if not candidate_dir.is_dir():
        return
    for path in sorted(candidate_dir.glob("*.json")):
        version = path.stem
        if VERSION_RE.match(version) and version not in found:
            found[version] = SchemaVersion(
                version=version, schema=_read_json(path), origin=str(path), is_candidate=True
            )


# --- versions cached by the portal --------------------------------------------------------


def _cached_versions() -> list[Any]:
    """Versions the portal cached from the service (through `config.cached_versions`);
    [] when no one supplied them or they cannot be read (no database yet)."""
    supplier = config.current().cached_versions
    if supplier is None:
        return []
    try:
        return list(supplier())
    except Exception as exc:  # no DB, no table, no DB access allowed: the spec dir still works
        logger.debug("schema cache unavailable: %s", exc)
        return []


def build_registry(
    spec_dir: str | Path | None = None, *, use_cached: bool = True
) -> SchemaRegistry:
    if spec_dir is None:
        spec_dir = config.current().spec_dir
    registry = SchemaRegistry(load_spec_dir(spec_dir) if spec_dir else [])
    if use_cached:
        for record in _cached_versions():
            existing = registry.find(record.version)
            rules = load_rules(record.rules)
            if rules is None and existing is not None:
                rules = existing.rules
            registry.add(
                SchemaVersion(
                    version=record.version,
                    schema=record.schema,
                    rules=rules,
                    is_active=record.is_active,
                    origin=f"database ({record.source}, {record.fetched_at:%Y-%m-%d %H:%M})",
                    examples=existing.examples if existing else [],
                )
            )
    return registry


_cache_lock = threading.Lock()
_cached: tuple[float, config.ValidationConfig, SchemaRegistry] | None = None


def get_registry() -> SchemaRegistry:
    """The process-wide registry, rebuilt every few minutes so a refresh elsewhere is seen,
    and at once when the configuration changes."""
    global _cached
    with _cache_lock:
        now = time.monotonic()
        settings = config.current()
        if (
            _cached is None
            or now - _cached[0] > _REGISTRY_TTL_SECONDS
            or _cached[1] is not settings
        ):
            _cached = (now, settings, build_registry())
        return _cached[2]


def reset_registry() -> None:
    global _cached
    with _cache_lock:
        _cached = None
