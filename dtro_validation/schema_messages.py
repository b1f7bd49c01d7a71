"""The wording of schema errors: each reduced error (a `Leaf`) becomes issues an officer can
act on, with the message the D-TRO service would give beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dtro_validation.conditions import (
    conditional_of,
    describe,
    forbidden_fields,
    forbidden_message,
    required_message,
)
from dtro_validation.document_parts import value_at
from dtro_validation.formats import EXAMPLES
from dtro_validation.geometry import check_wkt, place_label
from dtro_validation.issues import ValidationIssue, pointer, pointer_to_dotted
from dtro_validation.messages import (
    humanise,
    json_type_of,
    list_options,
    newtonsoft_type,
    pattern_hint,
    plain_type,
    short,
)
from dtro_validation.registry import SchemaVersion

_GEOMETRY_COORDS = {
    "point": ("pointGeometry", "point", ("POINT",), ("POINT", "MULTIPOINT")),
    "linestring": ("linearGeometry", "line", ("LINESTRING",), ("LINESTRING", "MULTILINESTRING")),
    "polygon": ("polygon", "polygon", ("POLYGON",), ("POLYGON", "MULTIPOLYGON")),
    "directedLineString": (
        "directedLinear",
        "directed line",
        ("LINESTRING",),
        ("LINESTRING", "MULTILINESTRING"),
    ),
}
_GEOMETRY_KEYS = {"pointGeometry", "linearGeometry", "polygon", "directedLinear"}


@dataclass
class Leaf:
    """One error after reduction, before wording."""

    kind: str
    path: list[str | int]
    instance: Any
    details: dict[str, Any]


def _entries(limit: Any) -> str:
    return "entry" if limit == 1 else "entries"


def service_error(
    message: str, path: list[str | int], value: Any, error_type: str
) -> dict[str, Any]:
    return {
        "message": message,
        "path": pointer_to_dotted(pointer("data", *path)),
        "value": value,
        "errorType": error_type,
    }


def _place_label(kind: str, path: list[str | int], data: Any) -> str:
    """The geometry named by its place, when `path` is `.../provision/i/regulatedPlace/j/...`."""
    if len(path) >= 6 and path[-6] == "provision" and path[-4] == "regulatedPlace":
        provision, index = path[-5], path[-3]
        if isinstance(provision, int) and isinstance(index, int):
            place = value_at(data, path[:-2])
            description = place.get("description") if isinstance(place, dict) else None
            return place_label(kind, provision, index, description)
    return kind


def issues_for(leaf: Leaf, version: SchemaVersion, data: Any = None) -> list[ValidationIssue]:
    """The issues one reduced error becomes, in words and as the service would say it.
    `data` (the whole document's `data`) lets a conditional failure quote the deciding value."""
    path = leaf.path
    name = next((p for p in reversed(path) if isinstance(p, str)), None)
    human = humanise(name)
    Human = human[:1].upper() + human[1:]
    value = leaf.instance
    d = leaf.details
    out: list[tuple[list[str | int], str, str, dict[str, Any]]] = []
    kind = leaf.kind
    schema_path = d.get("schema_path") or []
    conditional = conditional_of(version.schema, schema_path, path) if schema_path else None
    subject = None
    if conditional is not None:
        subject = value if conditional.subject_path == path else None
        if subject is None and data is not None:
            subject = value_at(data, conditional.subject_path)
    if kind == "not" and conditional is not None:
        # The branch forbids fields: name them, and when they would be allowed.
        only_when, decided_by = describe(
            version.schema, conditional.condition, subject, held=not conditional.held
        )
        service = service_error("JSON is valid against schema from 'not'.", path, value, "Not")
        for rel, names in forbidden_fields(value_at(version.schema, schema_path), value):
            message = forbidden_message(names, only_when, decided_by)
            out.append(([*path, *rel, names[0]], "not_allowed", message, service))
        if out:
            return _as_issues(out)
    if kind == "required":
        prop = d["property"]
        message = f"Enter the {humanise(prop)} ({prop}); it is required here."
        if conditional is not None:
            when, _field = describe(
                version.schema, conditional.condition, subject, held=conditional.held
            )
            message = required_message(prop, when)
        out.append(
            (
                [*path, prop],
                "required",
                message,
                service_error(
                    f"Required properties are missing from object: {prop}.",
                    path,
                    [prop],
                    "Required",
                ),
            )
        )
    elif kind == "additionalProperties":
        for prop in d.get("unexpected", []):
            hint = ""
            if isinstance(value, dict):
                allowed = value_at(version.schema, [*d["schema_path"][:-1], "properties"])
                if isinstance(allowed, dict):
                    match = next((k for k in allowed if k.lower() == str(prop).lower()), None)
                    if match:
                        hint = f" Did you mean '{match}'? Names are case-sensitive."
            out.append(
                (
                    [*path, prop],
                    "additional_property",
                    f"'{prop}' is not a field the D-TRO data specification allows here. Remove "
                    f"it or check its spelling.{hint}",
                    service_error(
                        f"Property '{prop}' has not been defined and the schema does not allow "
                        f"additional properties.",
                        [*path, prop],
                        prop,
                        "AdditionalProperties",
                    ),
                )
            )
    elif kind == "type":
        expected = d.get("types") or []
        expected = expected if isinstance(expected, list) else [expected]
        found = json_type_of(value)
        code = "type"
        message = f"{Human} must be {' or '.join(plain_type(t) for t in expected)}"
        message += f", not {plain_type(found)} ({short(value)})."
        if name == "version" and len(path) >= 2 and path[-2] in _GEOMETRY_KEYS:
            code = "geometry_version_invalid"
            message = (
                f"The geometry version must be a whole number of 1 or more (found {short(value)})."
            )
        out.append(
            (
                path,
                code,
                message,
                service_error(
                    f"Invalid type. Expected {', '.join(newtonsoft_type(t) for t in expected)} but "
                    f"got {newtonsoft_type(found)}.",
                    path,
                    value,
                    "Type",
                ),
            )
        )
    elif kind == "enum":
        options = d.get("options") or []
        out.append(
            (
                path,
                "enum",
                f"{Human} must be one of: {list_options(options)} (found '{short(value)}').",
                service_error(
                    f'Value "{short(value, 200)}" is not defined in enum.', path, value, "Enum"
                ),
            )
        )
    elif kind == "const":
        expected = d.get("expected_value")
        out.append(
            (
                path,
                "const",
                f"{Human} must be '{expected}' (found '{short(value)}').",
                service_error(
                    f"Value {short(value, 200)} does not match const.", path, value, "Const"
                ),
            )
        )
    elif kind == "pattern":
        pattern = d.get("pattern", "")
        service = service_error(
            f"String '{short(value, 200)}' does not match regex pattern '{pattern}'.",
            path,
            value,
            "Pattern",
        )
        if name in _GEOMETRY_COORDS and isinstance(value, str):
            _g, label, old, new = _GEOMETRY_COORDS[name]
            allowed = new if version.key >= (3, 5, 0) else old
            label = _place_label(label, path, data)
            # Advice is the semantic stage's to give; here the pattern has failed.
            problems = [
                p for p in check_wkt(value, allowed, label=label, exact_prefix=True) if not p.advice
            ]
            if problems:
                for problem in problems:
                    out.append((path, problem.code, problem.message, service))
            else:
                out.append(
                    (
                        path,
                        "wkt_invalid",
                        f"The {label} is not written the way the D-TRO service expects: start "
                        f"with 'SRID=27700;' then {' or '.join(allowed)} and the coordinates in "
                        f"brackets, with at most one space after the type name.",
                        service,
                    )
                )
        else:
            out.append(
                (
                    path,
                    "pattern",
                    f"{Human} must be {pattern_hint(pattern)} (found '{short(value)}').",
                    service,
                )
            )
    elif kind == "minLength":
        out.append(
            (
                path,
                "min_length",
                f"Enter the {human}; it cannot be empty.",
                service_error(
                    f"String '{short(value, 200)}' is less than minimum length of "
                    f"{d.get('limit')}.",
                    path,
                    value,
                    "MinimumLength",
                ),
            )
        )
    elif kind == "maxLength":
        out.append(
            (
                path,
                "max_length",
                f"{Human} is too long (at most {d.get('limit')} characters).",
                service_error(
                    f"String '{short(value, 200)}' exceeds maximum length of {d.get('limit')}.",
                    path,
                    value,
                    "MaximumLength",
                ),
            )
        )
    elif kind == "minItems":
        count = len(value) if isinstance(value, list) else 0
        out.append(
            (
                path,
                "min_items",
                f"Add at least {d.get('limit')} {human} {_entries(d.get('limit'))}.",
                service_error(
                    f"Array item count {count} is less than minimum count of {d.get('limit')}.",
                    path,
                    value,
                    "MinimumItems",
                ),
            )
        )
    elif kind == "maxItems":
        count = len(value) if isinstance(value, list) else 0
        out.append(
            (
                path,
                "max_items",
                f"{Human} can have at most {d.get('limit')} {_entries(d.get('limit'))} "
                f"(found {count}).",
                service_error(
                    f"Array item count {count} exceeds maximum count of {d.get('limit')}.",
                    path,
                    value,
                    "MaximumItems",
                ),
            )
        )
    elif kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf"):
        limit = d.get("limit", d.get("multiple_of"))
        word = {
            "minimum": f"{limit} or more",
            "exclusiveMinimum": f"more than {limit}",
            "maximum": f"{limit} or less",
            "exclusiveMaximum": f"less than {limit}",
            "multipleOf": f"a multiple of {limit}",
        }[kind]
        code = (
            kind.replace("exclusiveM", "exclusive_m").replace("multipleOf", "multiple_of").lower()
        )
        if name == "version" and len(path) >= 2 and path[-2] in _GEOMETRY_KEYS:
            code = "geometry_version_invalid"
        tname = newtonsoft_type(json_type_of(value))
        verb = "is less than minimum" if "inimum" in kind else "exceeds maximum"
        out.append(
            (
                path,
                code,
                f"{Human} must be {word} (found {short(value)}).",
                service_error(
                    f"{tname} {value} {verb} value of {limit}.",
                    path,
                    value,
                    "Minimum"
                    if "inimum" in kind
                    else "Maximum"
                    if "aximum" in kind
                    else "MultipleOf",
                ),
            )
        )
    elif kind == "one_of_required":
        options = d["options"]
        out.append(
            (
                path,
                "one_of_required",
                f"{Human} needs exactly one of: {list_options(options)}.",
                service_error(
                    "JSON is valid against no schemas from 'oneOf'.", path, None, "OneOf"
                ),
            )
        )
    elif kind == "one_of_multiple":
        present = d.get("present") or []
        found = f" (found {' and '.join(present)})" if len(present) > 1 else ""
        out.append(
            (
                path,
                "one_of_multiple",
                f"{Human} can have only one of: {list_options(d['options'])}{found}. Remove the "
                f"extra one.",
                service_error(
                    "JSON is valid against more than one schema from 'oneOf'.", path, None, "OneOf"
                ),
            )
        )
    elif kind == "uniqueItems":
        out.append(
            (
                path,
                "unique_items",
                f"{Human} lists the same value more than once.",
                service_error("Non-unique array item.", path, value, "UniqueItems"),
            )
        )
    elif kind == "not":
        out.append(
            (
                path,
                "not_allowed",
                f"{Human} is not allowed with the other values given here (for example this "
                f"order reporting point).",
                service_error("JSON is valid against schema from 'not'.", path, value, "Not"),
            )
        )
    elif kind == "format":
        fmt = str(d.get("format", ""))
        expected = EXAMPLES.get(fmt, f"in the {fmt} format")
        out.append(
            (
                path,
                "format",
                f"The {human} must be {expected}.",
                service_error(
                    f"String '{short(value, 200)}' does not validate against format '{fmt}'.",
                    path,
                    value,
                    "Format",
                ),
            )
        )
    elif kind == "falseSchema":
        out.append(
            (
                path,
                "not_allowed",
                f"{Human} is not allowed here.",
                service_error("Schema always fails validation.", path, value, "Valid"),
            )
        )
    else:
        out.append(
            (
                path,
                kind.lower() if kind else "invalid",
                f"{Human} is not valid here.",
                service_error(f"{Human} is not valid.", path, value, kind.title()),
            )
        )
    if conditional is not None and kind != "required":
        owner = next((p for p in reversed(conditional.subject_path) if isinstance(p, str)), None)
        when, _field = describe(
            version.schema,
            conditional.condition,
            subject,
            held=conditional.held,
            owner=owner if conditional.subject_path != path else None,
        )
        out = [
            (p, code, f"{message} This applies when {when}.", svc) for p, code, message, svc in out
        ]
    return _as_issues(out)


def _as_issues(
    out: list[tuple[list[str | int], str, str, dict[str, Any]]],
) -> list[ValidationIssue]:
    issues = []
    for p, code, message, service in out:
        ptr = pointer("data", *p)
        issues.append(
            ValidationIssue(
                path=ptr,
                code=code,
                message=message,
                stage="schema",
                service=service,
            )
        )
    return issues
