"""The validation pipeline, in the order of the design (and of the D-TRO service)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from dtro_validation.collector import collector_paused
from dtro_validation.issues import ValidationIssue, ValidationReport
from dtro_validation.limits import max_issues
from dtro_validation.registry import (
    InactiveSchemaVersion,
    SchemaRegistry,
    UnknownSchemaVersion,
    get_registry,
)
from dtro_validation.rules import run_rules
from dtro_validation.schema import validate_schema
from dtro_validation.semantic import run_semantic_checks

_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
ENVELOPE_KEYS = ("schemaVersion", "data")


def _envelope(document: Any) -> tuple[list[ValidationIssue], str | None, Any]:
    issues: list[ValidationIssue] = []
    if not isinstance(document, dict):
        issues.append(
            ValidationIssue(
                path="",
                code="envelope_not_object",
                message='A D-TRO must be a JSON object of the form {"schemaVersion": "x.y.z", '
                '"data": {...}}.',
                stage="envelope",
                service={"message": "Bad Request", "error": "Invalid D-TRO submission"},
            )
        )
        return issues, None, None
    for key in document:
        if key not in ENVELOPE_KEYS:
            hint = ""
            match = next((k for k in ENVELOPE_KEYS if k.lower() == str(key).lower()), None)
            if match:
                hint = f" Did you mean '{match}'?"
            issues.append(
                ValidationIssue(
                    path=f"/{str(key).replace('~', '~0').replace('/', '~1')}",
                    code="envelope_extra_key",
                    message=f"'{key}' is not allowed at the top of a D-TRO, which has only "
                    f"'schemaVersion' and 'data'.{hint}",
                    stage="envelope",
                )
            )
    version = document.get("schemaVersion")
    if "schemaVersion" not in document:
        issues.append(
            ValidationIssue(
                path="/schemaVersion",
                code="schema_version_missing",
                message='Add the data specification version, for example "schemaVersion": "4.0.0".',
                stage="envelope",
                service={"message": "Bad Request", "error": "The SchemaVersion field is required."},
            )
        )
        version = None
    elif not isinstance(version, str) or not _VERSION_RE.match(version):
        issues.append(
            ValidationIssue(
                path="/schemaVersion",
                code="schema_version_malformed",
                message=f"The schema version must be three numbers separated by dots, such as "
                f'"4.0.0" (found {version!r}).',
                stage="envelope",
                service={"message": "Bad Request", "error": "Invalid schema version format."},
            )
        )
        version = None
    data = document.get("data")
    if "data" not in document:
        issues.append(
            ValidationIssue(
                path="/data",
                code="data_missing",
                message="Add the order itself under 'data'.",
                stage="envelope",
                service={"message": "Bad Request", "error": "The Data field is required."},
            )
        )
    elif not isinstance(data, dict):
        issues.append(
            ValidationIssue(
                path="/data",
                code="data_not_object",
                message="'data' must be an object holding 'source' (or 'consultation'), not "
                f"{type(data).__name__ if data is not None else 'null'}.",
                stage="envelope",
                service={"message": "Bad Request", "error": "The Data field is required."},
            )
        )
    return issues, version, data


def validate_document(
    document: Any,
    *,
    tra_code: int | None = None,
    registry: SchemaRegistry | None = None,
    now: datetime | None = None,
) -> ValidationReport:
    """Check a D-TRO envelope; every stage that can safely run does, so all problems show."""
    # The stages build many small objects and no cycles (see collector.py).
    with collector_paused():
        return _validate(document, tra_code=tra_code, registry=registry, now=now)


def _validate(
    document: Any,
    *,
    tra_code: int | None,
    registry: SchemaRegistry | None,
    now: datetime | None,
) -> ValidationReport:
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    issues, version, data = _envelope(document)
    raw_version = document.get("schemaVersion") if isinstance(document, dict) else None
    report = ValidationReport(
        schema_version=raw_version if isinstance(raw_version, str) else None, issues=issues
    )
    if version is None or not isinstance(data, dict):
        if version is not None:
            _version_issues(version, registry, report)
        return report
    spec = _version_issues(version, registry, report)
    if spec is None:
        return report
    limit = max_issues()
    schema_issues = validate_schema(data, spec, limit=limit)
    report.issues.extend(schema_issues)
    if len(report.issues) >= limit:
        # Enough to act on; the later stages would mostly repeat them, at great cost.
        return _capped(report, limit)
    seen = {(i.path, i.code) for i in report.issues}
    for issue in run_semantic_checks(data, spec.version, tra_code=tra_code, now=now):
        if (issue.path, issue.code) not in seen:
            seen.add((issue.path, issue.code))
            report.issues.append(issue)
    if len(report.issues) >= limit:
        return _capped(report, limit)
    if spec.rules:
        report.issues.extend(run_rules(data, spec.rules, now=now, strict=not schema_issues))
    return _capped(report, limit)


def _capped(report: ValidationReport, limit: int) -> ValidationReport:
    if len(report.issues) < limit:
        return report
    del report.issues[limit:]
    report.issues.append(
        ValidationIssue(
            path="",
            code="too_many_issues",
            message=f"Checking stopped after {limit:,} problems. Fix these and check again.",
            stage=report.issues[-1].stage,
        )
    )
    return report


def _version_issues(version: str, registry: SchemaRegistry | None, report: ValidationReport) -> Any:
    registry = registry or get_registry()
    try:
        return registry.get(version)
    except UnknownSchemaVersion as exc:
        report.issues.append(
            ValidationIssue(
                path="/schemaVersion",
                code="schema_version_unknown",
                message=str(exc),
                stage="version",
                service={"message": "Schema version", "error": "Schema Template not found"},
            )
        )
    except InactiveSchemaVersion as exc:
        report.issues.append(
            ValidationIssue(
                path="/schemaVersion",
                code="schema_version_inactive",
                message=str(exc),
                stage="version",
                service={
                    "schemaVersionError": {
                        "error": f"Schema version '{version}' is not active",
                        "message": "Not found",
                    }
                },
            )
        )
    return None
