"""Translate the D-TRO service's error bodies into the portal's issues."""

from __future__ import annotations

import json
import re
from typing import Any

from dtro_validation.issues import ValidationIssue, dotted_to_pointer, pointer
from dtro_validation.messages import humanise

#: Keys that hold arrays: an index-less service path can only be followed down to them.
_ARRAY_KEYS = frozenset(
    {
        "provision",
        "regulatedPlace",
        "externalReference",
        "origin",
        "intermediateLocation",
        "destination",
        "uniqueStreetReferenceNumber",
        "elementaryStreetUnit",
        "regulation",
        "condition",
        "conditions",
        "validPeriod",
        "exceptionPeriod",
        "actualStartOrStop",
        "rateLineCollection",
        "rateLine",
    }
)
_GEOMETRY_NAMES = {
    "PointGeometry": "pointGeometry",
    "LinearGeometry": "linearGeometry",
    "Polygon": "polygon",
    "DirectedLinear": "directedLinear",
}
_RULE_CODES: tuple[tuple[str, str], ...] = (
    ("duplication reference", "duplicate_provision_reference"),
    ("invalid last update date", "last_update_date_in_future"),
    ("missing last update date", "last_update_date_missing"),
    ("invalid geometry version", "geometry_version_invalid"),
    ("invalid geometry grid", "srid_not_27700"),
    ("spatial reference", "srid_not_27700"),
    ("invalid coordinates", "geometry_invalid"),
    ("wrong coordinates", "outside_great_britain"),
    ("incorrect pairs", "wkt_invalid"),
    ("traffic regulation authority code submitted is invalid", "tra_not_submitter"),
    ("invalid 'traaffected'", "tra_affected_unknown"),
    ("invalid 'comingintoforcedate'", "coming_into_force_date_invalid"),
)
_SCHEMA_CODES = {
    "Required": "required",
    "Type": "type",
    "Enum": "enum",
    "AdditionalProperties": "additional_property",
    "Pattern": "pattern",
    "Format": "format",
    "MinimumLength": "min_length",
    "MaximumLength": "max_length",
    "MinimumItems": "min_items",
    "MaximumItems": "max_items",
    "Minimum": "minimum",
    "Maximum": "maximum",
    "Const": "const",
    "UniqueItems": "unique_items",
    "OneOf": "one_of",
    "AnyOf": "any_of",
    "AllOf": "all_of",
    "Not": "not_allowed",
    "Then": "then",
    "Else": "else",
}
_COMBINATORS = {"OneOf", "AnyOf", "AllOf", "Then", "Else"}


def _issue(path: str, code: str, message: str, service: dict[str, Any] | None) -> ValidationIssue:
    return ValidationIssue(
        path=path,
        code=code,
        message=message,
        stage="service",
        service=service,
    )


def arrow_path_to_pointer(path: str) -> str:
    """`Source -> Provision -> RegulatedPlace -> LinearGeometry -> linestring` -> the deepest
    pointer that needs no array index (`/data/source/provision`)."""
    text = (path or "").split(" and ")[0]
    segments = [s.strip() for s in re.split(r"->|\.", text) if s.strip()]
    parts: list[str] = ["data"]
    for segment in segments:
        key = _GEOMETRY_NAMES.get(segment, segment[:1].lower() + segment[1:])
        parts.append(key)
        if key in _ARRAY_KEYS:
            break
    return pointer(*parts) if len(parts) > 1 else ""


def _strip_repeated_prefix(path: str) -> str:
    """Newtonsoft child errors repeat their parent's path: `a[0].a[0].b` -> `a[0].b`."""
    tokens = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    changed = True
    while changed:
        changed = False
        for size in range(len(tokens) // 2, 0, -1):
            if tokens[:size] == tokens[size : 2 * size]:
                tokens = tokens[size:]
                changed = True
                break
    out = ""
    for token in tokens:
        out += token if token.startswith("[") else ("." if out else "") + token
    return out


def _schema_error(entry: dict[str, Any]) -> list[ValidationIssue]:
    error_type = str(entry.get("errorType") or "")
    message = str(entry.get("message") or "")
    raw_path = _strip_repeated_prefix(str(entry.get("path") or "root"))
    base = dotted_to_pointer(raw_path) or "/data"
    value = entry.get("value")
    code = _SCHEMA_CODES.get(error_type, "schema_error")
    name = raw_path.split(".")[-1].split("[")[0] if raw_path != "root" else ""
    human = humanise(name) if name else "the D-TRO"
    if error_type == "Required":
        missing = value if isinstance(value, list) else []
        if not missing:
            found = re.search(r"object: (.*)\.$", message)
            missing = [m.strip() for m in found.group(1).split(",")] if found else []
        return [
            _issue(
                f"{base}/{prop}",
                "required",
                f"Enter the {humanise(prop)} ({prop}); it is required here.",
                entry,
            )
            for prop in missing
        ] or [_issue(base, "required", "A required field is missing here.", entry)]
    if error_type == "AdditionalProperties":
        found = re.search(r"Property '([^']*)'", message)
        prop = found.group(1) if found else (value if isinstance(value, str) else "")
        path = base if base.endswith("/" + prop) else f"{base}/{prop}"
        return [
            _issue(
                path,
                "additional_property",
                f"'{prop}' is not a field the D-TRO data specification allows here. Remove it "
                f"or check its spelling.",
                entry,
            )
        ]
    found = re.search(r"Expected (\w+(?:, \w+)*) but got (\w+)", message)
    if error_type == "Type" and found:
        text = f"The {human} must be {found.group(1).lower()}, not {found.group(2).lower()}."
    elif error_type == "Enum":
        text = f"The {human} is not one of the allowed values (found '{value}')."
    elif error_type == "Pattern":
        text = f"The {human} is not in the expected format (found '{value}')."
    elif error_type == "Format":
        text = f"The {human} is not a valid date, time, email or web address (found '{value}')."
    elif error_type == "MinimumLength":
        text = f"Enter the {human}; it cannot be empty."
    elif error_type == "MinimumItems":
        text = f"Add at least one {human} entry."
    else:
        text = f"The D-TRO service rejected the {human}: {message}"
    return [_issue(base, code, text, entry)]


def _rule_error(entry: dict[str, Any]) -> ValidationIssue:
    name = str(entry.get("name") or "")
    message = str(entry.get("message") or "")
    rule = str(entry.get("rule") or "")
    path = arrow_path_to_pointer(str(entry.get("path") or ""))
    lowered = name.lower()
    code = next((c for key, c in _RULE_CODES if key in lowered), "rule_failed")
    if code == "duplicate_provision_reference":
        text = f"{message} Each provision in a D-TRO needs its own reference."
    elif code == "tra_not_submitter":
        text = (
            "The D-TRO service says this order belongs to another TRA: the creating TRA and "
            f"the current owner must both be the TRA you submit for. ({message})"
        )
    elif code == "tra_affected_unknown":
        text = (
            "The D-TRO service does not know one of the TRAs listed as affected by this order. "
            "Check the TRA codes under 'TRAs affected': each must be a TRA registered with the "
            "D-TRO service."
        )
    elif code == "coming_into_force_date_invalid" and "future" in rule.lower():
        code = "coming_into_force_in_future"
        text = (
            "The D-TRO service does not accept a coming-into-force date after today. Send the "
            "order on or after the day it comes into force, or correct the date."
        )
    elif code == "geometry_invalid":
        text = f"The coordinates are not valid or lie outside Great Britain. {rule}."
    elif code == "last_update_date_in_future":
        text = "The date the street reference (USRN) was last updated cannot be in the future."
    elif code == "geometry_version_invalid":
        text = "The geometry version must be a whole number of 1 or more."
    elif code == "srid_not_27700":
        text = "Geometry must start with 'SRID=27700;' (British National Grid)."
    else:
        parts = [p for p in (message, rule) if p]
        text = "The D-TRO service rejected this order: " + (" — ".join(parts) or name) + "."
    return _issue(path, code, text.replace("..", "."), entry)


def _plain(status: int, text: str) -> list[ValidationIssue]:
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    if text.lower() == "file is empty":
        return [_issue("", "empty", "The D-TRO service received an empty file.", {"error": text})]
    return [_generic(status, text)]


def _generic(status: int, detail: str, service: dict[str, Any] | None = None) -> ValidationIssue:
    detail = detail.strip()
    lowered = detail.lower()
    if "schema template not found" in lowered or "schema version not found" in lowered:
        return _issue(
            "/schemaVersion",
            "schema_version_unknown",
            "The D-TRO service does not know this schema version.",
            service,
        )
    if "cannot add/update a tro for another tra" in lowered:
        return _issue(
            "/data/source/traCreator",
            "tra_not_submitter",
            "The D-TRO service says this order belongs to another TRA: the creating TRA and the "
            "current owner must both be the TRA you submit for.",
            service,
        )
    if "case naming convention" in lowered or "pascal case" in lowered:
        return _issue(
            "/data",
            "case_naming",
            "Field names do not use the capitalisation this schema version needs. " + detail,
            service,
        )
    if "duplicate" in lowered:
        return _issue(
            "",
            "duplicate_submission",
            "The D-TRO service already holds exactly this D-TRO, so it refused a second copy.",
            service,
        )
    if status == 401:
        code, text = (
            "not_authorised",
            "The portal could not sign in to the D-TRO service. Check the TRA's API credentials.",
        )
    elif status == 403:
        code, text = (
            "forbidden",
            "The TRA's API credentials are not allowed to do this on the D-TRO service.",
        )
    elif status == 404:
        code, text = "not_found", "The D-TRO service could not find this D-TRO."
    elif status == 413:
        code, text = "too_large", "The D-TRO is larger than the D-TRO service accepts (10 MB)."
    elif status == 429:
        code, text = (
            "rate_limited",
            "The D-TRO service is busy (too many requests). The portal will try again shortly.",
        )
    elif status >= 500:
        code, text = (
            "service_error",
            f"The D-TRO service had an internal error (HTTP {status}). This is usually not a "
            f"problem with your order; the portal will try again.",
        )
    else:
        code, text = "service_rejected", f"The D-TRO service rejected the request (HTTP {status})."
    if detail and detail.lower() not in text.lower():
        text = f"{text} The service said: {detail}"
    return _issue("", code, text, service)


def translate_service_error(
    status: int, body: bytes | str | dict[str, Any] | list[Any] | None
) -> list[ValidationIssue]:
    """Every error body shape the D-TRO service and its gateway return -> portal issues."""
    if isinstance(body, bytes | bytearray):
        body = bytes(body).decode("utf-8", errors="replace")
    if isinstance(body, str):
        stripped = body.strip()
        if not stripped:
            return [_generic(status, "")]
        try:
            body = json.loads(stripped)
        except ValueError:
            return _plain(status, stripped)
        if isinstance(body, str):
            return _plain(status, body)
    if body is None:
        return [_generic(status, "")]
    if isinstance(body, list):
        issues: list[ValidationIssue] = []
        for item in body:
            issues.extend(translate_service_error(status, item))
        return issues or [_generic(status, "")]
    if not isinstance(body, dict):
        return [_generic(status, str(body))]
    # E2/E3: ruleError_N objects (schema errors have errorType, rule errors have rule/name)
    rule_keys = [k for k in body if re.fullmatch(r"(?i)ruleError_\d+", str(k))]
    if rule_keys:
        rule_keys.sort(key=lambda k: int(str(k).split("_")[1]))
        entries = [body[k] for k in rule_keys if isinstance(body[k], dict)]
        schema_entries = [e for e in entries if "errorType" in e]
        if schema_entries and any(e.get("errorType") not in _COMBINATORS for e in schema_entries):
            schema_entries = [e for e in schema_entries if e.get("errorType") not in _COMBINATORS]
        issues = []
        seen: set[tuple[str, str, str]] = set()
        for entry in entries:
            if "errorType" in entry:
                if entry not in schema_entries:
                    continue
                produced = _schema_error(entry)
            else:
                produced = [_rule_error(entry)]
            for issue in produced:
                if (issue.path, issue.code, issue.message) not in seen:
                    seen.add((issue.path, issue.code, issue.message))
                    issues.append(issue)
        return issues
    # E4: inactive schema version
    version_error = body.get("schemaVersionError") or body.get("SchemaVersionError")
    if isinstance(version_error, dict):
        found = re.search(r"'([^']+)'", str(version_error.get("error") or ""))
        version = found.group(1) if found else "this version"
        return [
            _issue(
                "/schemaVersion",
                "schema_version_inactive",
                f"The D-TRO service no longer accepts schema version {version}. Move the order "
                f"to a current version.",
                body,
            )
        ]
    # E6: Apigee fault
    fault = body.get("fault")
    if isinstance(fault, dict):
        detail = str(fault.get("faultstring") or "")
        errorcode = str((fault.get("detail") or {}).get("errorcode") or "")
        if "quota" in errorcode.lower() or "spikearrest" in errorcode.lower():
            status = 429
        return [_generic(status, detail, body)]
    # E5: ValidationProblemDetails; ICD: {"message", "errors": [...]}
    errors = body.get("errors")
    if isinstance(errors, dict):
        issues = []
        for key, messages in errors.items():
            key_text = str(key).removeprefix("$.").removeprefix("$")
            path = dotted_to_pointer(key_text) if key_text.lower().startswith("data") else ""
            if key_text.lower() == "data" or key_text.lower().startswith("data."):
                path = dotted_to_pointer(key_text[5:]) if "." in key_text else "/data"
            elif key_text.lower() == "schemaversion":
                path = "/schemaVersion"
            for message in messages if isinstance(messages, list) else [messages]:
                issues.append(
                    _issue(
                        path,
                        "request_invalid",
                        f"The D-TRO service could not read the request: {message}",
                        body,
                    )
                )
        return issues or [_generic(status, str(body.get("title") or ""), body)]
    if isinstance(errors, list):
        issues = []
        for item in errors:
            if isinstance(item, dict):
                if "errorType" in item:
                    issues.extend(_schema_error(item))
                elif "rule" in item or "name" in item:
                    issues.append(_rule_error(item))
                else:
                    text = str(item.get("message") or item.get("error") or item)
                    issues.append(_generic(status, text, item))
            else:
                issues.append(_generic(status, str(item), body))
        return issues or [_generic(status, str(body.get("message") or ""), body)]
    # E1: {"message", "error"}
    message = str(body.get("message") or "")
    error = str(body.get("error") or "")
    detail = error if error and error.lower() != message.lower() else message
    if message and error and message.lower() not in ("bad request", "not found"):
        detail = f"{message}: {error}"
    return [_generic(status, detail, body)]
