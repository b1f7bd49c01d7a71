"""Running the D-TRO service's JSON-Logic rules on a document and locating what fails.

Each rule runs compiled (`rule_compiler`); the interpreter (`rule_interpreter`) answers what
the compiled code delegates and narrows a failing rule to the items that fail it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dtro_validation.issues import ValidationIssue, pointer
from dtro_validation.rule_compiler import compiled
from dtro_validation.rule_interpreter import Evaluator, RuleEngineError, lookup, truthy


def _locate(
    evaluator: Evaluator, rule: Any, data: Any, path: tuple[str | int, ...]
) -> list[tuple[str | int, ...]]:
    """Narrow a failing `{"all": [{"var": p}, test]}` rule to the items that fail it."""
    if isinstance(rule, dict) and set(rule) == {"all"} and isinstance(rule["all"], list):
        source, test = (rule["all"] + [None, None])[:2]
        if isinstance(source, dict) and set(source) == {"var"} and isinstance(source["var"], str):
            keys: list[str | int] = []
            node = data
            for segment in source["var"].split(".") if source["var"] else []:
                found = None
                if isinstance(node, dict):
                    for key in (segment, segment[:1].lower() + segment[1:]):
                        if key in node and lookup(node, segment) is node[key]:
                            found = key
                            break
                if found is None:
                    return [path]
                keys.append(found)
                node = node[found]
            if isinstance(node, list):
                failing: list[tuple[str | int, ...]] = []
                for i, item in enumerate(node):
                    if not truthy(evaluator.apply(test, item)):
                        failing.extend(_locate(evaluator, test, item, (*path, *keys, i)))
                return failing or [path]
    return [path]


def run_rules(
    data: Any, rules: list[dict[str, Any]], *, now: datetime, strict: bool = True
) -> list[ValidationIssue]:
    """Evaluate every rule; a rule fails only when it returns the boolean `false`.

    With `strict` an engine error (which the service answers with a 500) becomes an issue;
    without it (after a failed schema stage) such errors are ignored as noise.
    """
    evaluator = Evaluator(now)
    issues: list[ValidationIssue] = []
    for rule in rules:
        body = rule.get("rule")
        name = str(rule.get("name") or "rule")
        message = str(rule.get("message") or f"The D-TRO breaks the service rule {name}.")
        try:
            result = compiled(body)(data, evaluator)
        except (RuleEngineError, RecursionError, TypeError, ValueError) as exc:
            if strict:
                issues.append(
                    ValidationIssue(
                        path="/data",
                        code="rule_error",
                        message=f"The D-TRO service could not check rule '{name}' on this D-TRO "
                        f"({exc}); it would reject it with a server error.",
                        stage="rules",
                        service=None,
                    )
                )
            continue
        if result is not False:
            continue
        try:
            places = _locate(evaluator, body, data, ())
        except (RuleEngineError, RecursionError, TypeError, ValueError):
            places = [()]
        for n, place in enumerate(places):
            ptr = pointer("data", *place)
            issues.append(
                ValidationIssue(
                    path=ptr,
                    code="rule_failed",
                    message=message,
                    stage="rules",
                    # The service reports each failing rule once, so only the first place says so.
                    service=None
                    if n
                    else {
                        "name": name,
                        "message": message,
                        "path": str(rule.get("path") or ""),
                        "rule": "{}",
                    },
                )
            )
    return issues
