"""The schema the live service validates 3.4.0 submissions with: its own template.

The service does not use DfT's published 3.4.0 schema but `schemas-3.4.0.json` of its own
repository, which differs in a few places (research, section 11). Four of the service's own
3.4.0 example files pass its template and fail the published schema, so the sandbox applies the
template's differences to the published schema (read from DTRO_SPEC_DIR as ever) rather than
keeping a copy of either. Every other version is validated with its published schema.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from typing import Any

from dtro_validation import get_registry
from dtro_validation.registry import SchemaRegistry, SchemaVersion

TEMPLATED_VERSION = "3.4.0"
_WITHOUT_FORCE_DATE = ["troOnRoadActiveStatus", "permanentNoticeOfProposal"]
_REGULATION_KINDS = ["generalRegulation", "offListRegulation"]
_REGULATION_KINDS += ["speedLimitValueBased", "speedLimitProfileBased"]
_CONDITION_KINDS = ["condition", "conditions", "conditionSet"]
_SOURCE_ACTION_TYPES = ["amendment", "errorFix", "new", "noChange"]


class TemplateMismatch(Exception):
    """The published schema no longer has the part a difference of the template replaces."""


def _entry(conditionals: list[dict[str, Any]], test: Any, what: str) -> int:
    for index, conditional in enumerate(conditionals):
        if test(conditional):
            return index
    raise TemplateMismatch(f"the published {TEMPLATED_VERSION} schema has no {what}")


def service_template(published: dict[str, Any]) -> dict[str, Any]:
    """The published 3.4.0 schema with the service template's differences applied."""
    schema = copy.deepcopy(published)
    defs = schema["$defs"]
    provision_rules = defs["provision"]["allOf"]
    # A provision's comingIntoForceDate is optional; it is only refused where it cannot apply.
    force = _entry(
        provision_rules,
        lambda c: c.get("then") == {"required": ["comingIntoForceDate"]},
        "rule requiring a provision's comingIntoForceDate",
    )
    provision_rules[force] = {
        "if": {"properties": {"orderReportingPoint": {"enum": _WITHOUT_FORCE_DATE}}},
        "then": {"not": {"required": ["comingIntoForceDate"]}},
    }
    # actualStartOrStop belongs to troOnRoadActiveStatus (the published `^ttro` never matches it).
    start_stop = _entry(
        provision_rules,
        lambda c: c.get("then") == {"not": {"required": ["actualStartOrStop"]}},
        "rule on actualStartOrStop",
    )
    provision_rules[start_stop]["if"] = {
        "properties": {
            "orderReportingPoint": {"not": {"type": "string", "const": "troOnRoadActiveStatus"}}
        }
    }
    # One kind of regulation, as published, and also one kind of condition.
    regulation = defs["regulation"]["items"]
    kinds = regulation.pop("oneOf", None)
    if kinds is None:
        raise TemplateMismatch(f"the published {TEMPLATED_VERSION} regulation has no oneOf")
    regulation["allOf"] = [
        {"oneOf": [{"required": [kind]} for kind in _REGULATION_KINDS]},
        {"oneOf": [{"required": [kind]} for kind in _CONDITION_KINDS]},
    ]
    # A source's actionType is one of the record-level actions only.
    action = defs["source"]["properties"]["actionType"]
    defs["sourceActionType"] = {**defs["actionType"], "enum": _SOURCE_ACTION_TYPES}
    action["$ref"] = "#/$defs/sourceActionType"
    if "other" not in defs["vehicleType"]["enum"]:
        defs["vehicleType"]["enum"].append("other")
    return schema


_lock = threading.Lock()
_built: tuple[SchemaRegistry, SchemaRegistry] | None = None


def service_registry() -> SchemaRegistry:
    """The portal's registry with 3.4.0 swapped for the service's template (rebuilt with it)."""
    global _built
    base = get_registry()
    with _lock:
        if _built is None or _built[0] is not base:
            _built = (base, _templated(base))
        return _built[1]


def _templated(base: SchemaRegistry) -> SchemaRegistry:
    versions: list[SchemaVersion] = []
    for version in base.versions(include_candidates=True):
        if version.version == TEMPLATED_VERSION:
            version = dataclasses.replace(
                version,
                schema=service_template(version.schema),
                origin=f"{version.origin} (as the service's template)",
                _validator=None,
                _enum_cache={},
            )
        versions.append(version)
    return SchemaRegistry(versions)
