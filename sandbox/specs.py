"""Schemas and rules as the service serves them, from the portal's schema registry."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from dtro_validation import get_registry
from sandbox.errors import bad_request, e1

_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
# Fixed namespace: ids stay the same across restarts and machines.
_NAMESPACE = uuid.UUID("6f1c1a52-3a43-4f39-9d6e-7c1f1f0c5a10")


def _registry() -> Any:

    return get_registry()


def schema_id(version: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"schema:{version}")


def rule_id(version: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"rules:{version}")


def _versions() -> list[Any]:
    return list(_registry().versions())


def schema_versions() -> list[dict[str, Any]]:
    return [
        {"schemaVersion": v.version, "isActive": v.is_active, "rulesExist": v.rules is not None}
        for v in _versions()
    ]


def _schema_body(v: Any) -> dict[str, Any]:
    return {"schemaVersion": v.version, "template": v.schema, "isActive": v.is_active}


def all_schemas() -> list[dict[str, Any]]:
    return [_schema_body(v) for v in _versions()]


def schema_by_version(version: str) -> dict[str, Any]:
    if not _VERSION_RE.match(version):
        raise bad_request("Invalid schema version format.")
    for v in _versions():
        if v.version == version:
            return _schema_body(v)
    raise e1(404, "Schema version", "Schema version not found")


def schema_by_id(identifier: uuid.UUID) -> dict[str, Any]:
    for v in _versions():
        if schema_id(v.version) == identifier:
            return _schema_body(v)
    raise e1(404, "Schema version", "Schema version not found")


def _rule_body(v: Any) -> dict[str, Any]:
    # The service stores the uploaded rule file as text and returns it as a string.
    return {"schemaVersion": v.version, "template": json.dumps(v.rules, indent=2)}


def rule_versions() -> list[dict[str, str]]:
    return [{"schemaVersion": v.version} for v in _versions() if v.rules is not None]


def all_rules() -> list[dict[str, Any]]:
    return [_rule_body(v) for v in _versions() if v.rules is not None]


def rules_by_version(version: str) -> dict[str, Any]:
    for v in _versions():
        if v.version == version and v.rules is not None:
            return _rule_body(v)
    raise e1(404, "Schema version", "Schema version not found")


def rules_by_id(identifier: uuid.UUID) -> dict[str, Any]:
    for v in _versions():
        if v.rules is not None and rule_id(v.version) == identifier:
            return _rule_body(v)
    raise e1(404, "Rules version", "Rules version not found")
