"""The JSON Schema stage: jsonschema-rs decides and explains; oneOf noise is reduced.

jsonschema-rs (compiled once per version) is the only engine: its errors carry instance
paths, schema paths and, for `oneOf`/`anyOf`, every branch's own errors, which is what the
reduction needs. A test checks it agrees with the pure-Python `jsonschema` on every example
and mutation.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from dtro_validation.blank import blank_issues
from dtro_validation.document_parts import value_at
from dtro_validation.issues import ValidationIssue
from dtro_validation.registry import SchemaVersion
from dtro_validation.schema_messages import Leaf, issues_for


def _depth(error: Any) -> int:
    kind = error.kind
    best = len(error.instance_path)
    if isinstance(
        kind,
        jsonschema_rs.ValidationErrorKind.OneOfNotValid | jsonschema_rs.ValidationErrorKind.AnyOf,
    ):
        for branch in kind.context:
            for sub in branch:
                best = max(best, _depth(sub))
    return best


def _count(branch: list[Any]) -> int:
    return len(branch)


def _discriminator_mismatch(branch: list[Any], at: list[Any]) -> bool:
    """A branch whose errors sit where the oneOf is and concern its identifying keys."""
    return any(
        list(e.instance_path) == at and e.kind.name in ("required", "additionalProperties", "const")
        for e in branch
    )


def _reduce(error: Any, schema: dict[str, Any]) -> list[Leaf]:
    kind = error.kind
    at = list(error.instance_path)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.OneOfMultipleValid):
        node = value_at(schema, list(error.schema_path))
        names: list[str] = []
        if isinstance(node, list):
            for branch in node:
                if isinstance(branch, dict):
                    names.extend(str(r) for r in branch.get("required", []) if isinstance(r, str))
        present = [n for n in names if isinstance(error.instance, dict) and n in error.instance]
        return [Leaf("one_of_multiple", at, error.instance, {"options": names, "present": present})]
    if isinstance(
        kind,
        jsonschema_rs.ValidationErrorKind.OneOfNotValid | jsonschema_rs.ValidationErrorKind.AnyOf,
    ):
        branches = [list(b) for b in kind.context]
        if branches and all(
            b and all(e.kind.name == "required" and list(e.instance_path) == at for e in b)
            for b in branches
        ):
            options = [
                e.kind.property
                for b in branches
                for e in b
                # Every one is, as checked above; the check tells the type checker.
                if isinstance(e.kind, jsonschema_rs.ValidationErrorKind.Required)
            ]
            return [Leaf("one_of_required", at, error.instance, {"options": options})]
        candidates = [b for b in branches if b] or branches
        if not candidates:
            return [Leaf("one_of", at, error.instance, {})]
        # The branch that got furthest into the data, whose identifying keys match, with the
        # fewest complaints, is the one the author meant.
        best = max(
            candidates,
            key=lambda b: (
                not _discriminator_mismatch(b, at),
                max(_depth(e) for e in b),
                -_count(b),
            ),
        )
        leaves: list[Leaf] = []
        for sub in best:
            leaves.extend(_reduce(sub, schema))
        return leaves
    details = kind.as_dict() if hasattr(kind, "as_dict") else {}
    details["schema_path"] = list(error.schema_path)
    return [Leaf(kind.name, at, error.instance, details)]


def schema_is_valid(data: Any, version: SchemaVersion) -> bool:
    return version.validator().is_valid(data)


# jsonschema-rs gathers every error of a call before yielding the first (about 30 KB per
# failing provision), so long provision lists are checked a slice at a time.
_SLICE = 200


def _provision_list(data: Any) -> tuple[str, list[Any]] | None:
    for container in ("source", "consultation"):
        part = data.get(container) if isinstance(data, dict) else None
        if isinstance(part, dict) and isinstance(part.get("provision"), list):
            return container, part["provision"]
    return None


def _errors_by_slice(validator: Any, data: dict[str, Any]) -> Any:
    """(error, index offset) for each slice of provisions that fails, then the whole if none."""
    found = _provision_list(data)
    if found is None or len(found[1]) <= _SLICE:
        for error in validator.iter_errors(data):
            yield error, None
        return
    container, provisions = found
    any_failed = False
    for start in range(0, len(provisions), _SLICE):
        part = {
            **data,
            container: {**data[container], "provision": provisions[start : start + _SLICE]},
        }
        if validator.is_valid(part):
            continue
        any_failed = True
        for error in validator.iter_errors(part):
            yield error, (container, start)
    if not any_failed:
        # Only a rule across slices fails (unique items, say): few errors, so check the whole.
        for error in validator.iter_errors(data):
            yield error, None


def _shift(path: list[str | int], where: tuple[str, int] | None) -> list[str | int]:
    if where is None or where[1] == 0:
        return path
    container, start = where
    if (
        len(path) >= 3
        and path[0] == container
        and path[1] == "provision"
        and isinstance(path[2], int)
    ):
        return [path[0], path[1], path[2] + start, *path[3:]]
    return path


def validate_schema(
    data: Any, version: SchemaVersion, *, limit: int | None = None
) -> list[ValidationIssue]:
    """The schema's problems, then blank identifiers (which the schema lets through but the
    service refuses), at most `limit` of them (a hostile document has millions)."""
    issues = _schema_issues(data, version, limit=limit)
    if limit is None or len(issues) < limit:
        blanks = blank_issues(data)
        issues.extend(blanks if limit is None else blanks[: limit - len(issues)])
    return issues


def _schema_issues(
    data: Any, version: SchemaVersion, *, limit: int | None = None
) -> list[ValidationIssue]:
    validator = version.validator()
    if validator.is_valid(data):
        return []
    issues: list[ValidationIssue] = []
    seen: set[tuple[str, str]] = set()
    for error, where in _errors_by_slice(validator, data):
        if limit is not None and len(issues) >= limit:
            break
        for leaf in _reduce(error, version.schema):
            leaf.path = _shift(leaf.path, where)
            for issue in issues_for(leaf, version, data):
                key = (issue.path, issue.code)
                if key not in seen:
                    seen.add(key)
                    issues.append(issue)
    return issues
