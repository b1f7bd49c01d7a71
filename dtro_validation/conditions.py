"""Schema failures inside `if`/`then`/`else`, worded with the field and the condition.

A conditional failure otherwise reads "Provision is not allowed with the other values given
here": true, but it names neither the field to remove or add nor the value that decides. The
schemas' conditions are a handful of shapes (a property's `const`, `enum`, `not`, `pattern`,
`contains`, a `$ref` to an enum, the same over every item of a list); each is put into words
here, and an unknown shape falls back to "the other values given here".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dtro_validation.document_parts import value_at
from dtro_validation.messages import humanise, list_options, short

_FALLBACK = "the other values given here have the values they have"


@dataclass(frozen=True)
class Conditional:
    """Where a failing error's `if` is and which branch of it failed."""

    condition: dict[str, Any]
    #: True when the `then` branch failed (the condition held), False for `else`.
    held: bool
    #: The instance path of the object the condition was tested on.
    subject_path: list[str | int]


def conditional_of(
    schema: dict[str, Any], schema_path: list[str | int], instance_path: list[str | int]
) -> Conditional | None:
    """The innermost `if` whose `then` or `else` holds the failing keyword, if any."""
    for k in range(len(schema_path) - 1, 0, -1):
        if schema_path[k] not in ("then", "else"):
            continue
        node = value_at(schema, schema_path[:k])
        if not isinstance(node, dict) or not isinstance(node.get("if"), dict):
            continue
        # Each `properties/<name>` or `items` after the branch went one step into the data.
        steps, rest = 0, schema_path[k + 1 :]
        i = 0
        while i < len(rest):
            if rest[i] == "properties" and i + 1 < len(rest):
                steps, i = steps + 1, i + 2
            elif rest[i] == "items":
                steps, i = steps + 1, i + 1
            else:
                i += 1
        depth = max(len(instance_path) - steps, 0)
        return Conditional(node["if"], schema_path[k] == "then", list(instance_path[:depth]))
    return None


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    for _ in range(10):  # a chain of $refs, never a cycle in practice
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return node
        node = value_at(schema, ref[2:].split("/"))
    return node


def _quoted(values: list[Any]) -> str:
    return list_options([f"'{v}'" for v in values], limit=30)


def _predicate(schema: dict[str, Any], node: Any) -> tuple[str, str] | None:
    """(what holds, what does not) for a value schema, e.g. ("is 'other'", "is not 'other'")."""
    node = _resolve(schema, node)
    if not isinstance(node, dict):
        return None
    if "const" in node:
        return f"is '{node['const']}'", f"is not '{node['const']}'"
    if isinstance(node.get("enum"), list):
        values = node["enum"]
        if len(values) == 1:
            return f"is '{values[0]}'", f"is not '{values[0]}'"
        return f"is one of {_quoted(values)}", f"is not one of {_quoted(values)}"
    if "not" in node:
        inner = _predicate(schema, node["not"])
        return (inner[1], inner[0]) if inner else None
    pattern = node.get("pattern")
    if isinstance(pattern, str) and pattern.startswith("^") and pattern.endswith(".*$"):
        stem = pattern[1:-3]
        return f"starts with '{stem}'", f"does not start with '{stem}'"
    contains = _resolve(schema, node.get("contains"))
    if isinstance(contains, dict) and "const" in contains:
        return f"includes '{contains['const']}'", f"does not include '{contains['const']}'"
    return None


def _single_property(schema: dict[str, Any], node: Any) -> tuple[str, Any] | None:
    node = _resolve(schema, node)
    if not isinstance(node, dict):
        return None
    properties = node.get("properties")
    if isinstance(properties, dict) and len(properties) == 1:
        return next(iter(properties.items()))
    return None


def _singular(name: str) -> str:
    return humanise(name).removesuffix("s") if name.endswith("s") else humanise(name)


#: What an officer calls the object a condition is tested on, when it is not the failing one.
_OWNERS = {"source": "order"}


def describe(
    schema: dict[str, Any],
    condition: dict[str, Any],
    subject: Any,
    *,
    held: bool,
    owner: str | None = None,
) -> tuple[str, str | None]:
    """The condition in words as it held (or, with `held=False`, as it did not), and the field
    that decides it (None when there is no one field). `owner` names the object tested when
    the failing field sits inside it ("the action type of the order")."""
    found = _single_property(schema, condition)
    if found is None:
        return _FALLBACK, None
    name, value_schema = found
    value = subject.get(name) if isinstance(subject, dict) else None
    value_schema = _resolve(schema, value_schema)
    words = _predicate(schema, value_schema)
    if words is not None:
        stated = words[0 if held else 1]
        seen = f" (found '{short(value)}')" if isinstance(value, str | int | float) else ""
        if stated.startswith("is one of") and isinstance(value, str) and f"'{value}'" in stated:
            # The value is one of a long list: name it alone, which says all that matters.
            stated, seen = f"is '{value}'", ""
        if stated == f"is '{value}'":
            seen = ""
        of = f" of the {_OWNERS.get(owner, humanise(owner))}" if owner else ""
        return f"the {humanise(name)}{of} ({name}) {stated}{seen}", name
    if isinstance(value_schema, dict) and "items" in value_schema:
        # A rule over every item: it holds when all match, fails when one does not.
        inner = _single_property(schema, value_schema["items"])
        words = _predicate(schema, inner[1]) if inner else None
        if inner and words:
            item = _singular(name)
            if held:
                return f"the {humanise(inner[0])} of every {item} {words[0]}", inner[0]
            return f"the {humanise(inner[0])} of a {item} {words[1]}", inner[0]
    if isinstance(value_schema, dict):
        inner = _single_property(schema, value_schema)
        words = _predicate(schema, inner[1]) if inner else None
        if inner and words:
            nested = value.get(inner[0]) if isinstance(value, dict) else None
            seen = f" (found '{short(nested)}')" if isinstance(nested, str | int | float) else ""
            text = words[0 if held else 1]
            return f"the {humanise(inner[0])} of the {humanise(name)} {text}{seen}", inner[0]
    return _FALLBACK, None


def _and(names: list[str]) -> str:
    shown = [f"{humanise(n)} ({n})" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def required_message(prop: str, when: str) -> str:
    return f"Enter the {humanise(prop)} ({prop}): it is required when {when}."


def forbidden_message(fields: list[str], only_when: str, decided_by: str | None) -> str:
    together = " together" if len(fields) > 1 else ""
    verb = "are" if len(fields) > 1 else "is"
    change = f" or change the {humanise(decided_by)}" if decided_by else ""
    remove = " or ".join(fields)
    what = _and(fields)
    what = what[:1].upper() + what[1:]
    return f"{what}{together} {verb} only allowed when {only_when}: remove {remove}{change}."


def forbidden_fields(negated: Any, instance: Any) -> list[tuple[list[str | int], list[str]]]:
    """Where the fields a failing `not` forbids sit: (relative path, names present there)."""
    if not isinstance(negated, dict):
        return []
    required = negated.get("required")
    if isinstance(required, list) and isinstance(instance, dict):
        names = [str(r) for r in required if r in instance]
        return [([], names)] if names else []
    properties = negated.get("properties")
    if isinstance(properties, dict) and isinstance(instance, dict):
        out: list[tuple[list[str | int], list[str]]] = []
        for key, sub in properties.items():
            value = instance.get(key)
            if isinstance(sub, dict) and "items" in sub and isinstance(value, list):
                for j, item in enumerate(value):
                    for rel, names in forbidden_fields(sub["items"], item):
                        out.append(([key, j, *rel], names))
            elif key in instance:
                for rel, names in forbidden_fields(sub, value):
                    out.append(([key, *rel], names))
        return out
    return []
