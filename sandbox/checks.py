"""Validate a submission with the portal's validation package; answer as the service does.

The service returns only the first failing stage. Its 400 bodies are built
here from the package's issues, which carry the service's own wording in `.service`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dtro_validation import ValidationIssue, validate_document
from dtro_validation.issues import ERROR, REFUSED_UNTIL_THEIR_DAY
from sandbox.errors import ServiceError, bad_request, e1, problem
from sandbox.models import SandboxApp
from sandbox.service_template import service_registry


def _rule_errors(issues: list[Any], keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    body: dict[str, dict[str, Any]] = {}
    for index, issue in enumerate(issues):
        wording = issue.service or {}
        fallback = {
            "name": issue.code,
            "message": issue.message,
            "path": issue.path,
            "rule": issue.code,
            "value": None,
            "errorType": issue.code,
        }
        body[f"ruleError_{index}"] = {key: wording.get(key, fallback[key]) for key in keys}
    return body


def _unregistered_tras_affected(data: object) -> list[ValidationIssue]:
    """The service's check that every TRA affected is one it knows (has an app here)."""
    source = data.get("source") if isinstance(data, dict) else None
    affected = source.get("traAffected") if isinstance(source, dict) else None
    if not isinstance(affected, list) or not affected:
        return []
    registered = set(
        SandboxApp.objects.filter(tra_code__isnull=False).values_list("tra_code", flat=True)
    )
    unknown = [code for code in affected if code not in registered]
    if not unknown:
        return []
    return [
        ValidationIssue(
            path="/data/source/traAffected",
            code="tra_affected_unknown",
            message=f"The D-TRO service knows no TRA with code {unknown[0]}.",
            stage="semantic",
            service={
                "name": "Invalid 'traAffected'",
                "message": "Traffic regulation authorities who roads are affected by this D-TRO",
                "path": "Source -> traAffected",
                "rule": "Current TRA affected must be a valid SWA-like code and known to the "
                "D-TRO Service; TRA affected must correspond with the appropriate App-ID",
            },
        )
    ]


def _as_the_service_sees(issue: ValidationIssue) -> ValidationIssue:
    """What is advice in the portal but refused by the service today is an error here."""
    if issue.is_advice and issue.code in REFUSED_UNTIL_THEIR_DAY:
        return replace(issue, severity=ERROR)
    return issue


def check_submission(
    document: object, *, tra_code: int | None, version_not_found_message: str
) -> tuple[str, dict[str, Any]]:
    """Return (schemaVersion, data) of a valid envelope or raise the service's error."""

    if not isinstance(document, dict):
        raise problem({"$": ["The request body must be a JSON object."]})
    report = validate_document(document, tra_code=tra_code, registry=service_registry())
    report.issues = [_as_the_service_sees(issue) for issue in report.issues]
    report.issues.extend(_unregistered_tras_affected(document.get("data")))
    issues = report.first_failing_stage()
    if not issues:
        return str(document["schemaVersion"]), document["data"]
    stage = issues[0].stage
    if stage == "envelope":
        raise problem({(i.path or "$"): [i.message] for i in issues})
    if stage == "version":
        version = document.get("schemaVersion")
        if issues[0].code == "schema_version_inactive":
            raise ServiceError(
                400,
                {
                    "schemaVersionError": {
                        "error": f"Schema version '{version}' is not active",
                        "message": "Not found",
                    }
                },
            )
        raise e1(404, version_not_found_message, "Schema Template not found")
    if stage == "schema":
        raise ServiceError(400, _rule_errors(issues, ("message", "path", "value", "errorType")))
    if stage in {"semantic", "rules"}:
        raise ServiceError(400, _rule_errors(issues, ("name", "message", "path", "rule")))
    raise bad_request("; ".join(i.message for i in issues))
