"""Compiled rules give what the reference interpreter (`Evaluator.apply`) gives."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from validation_helpers import NOW, SPEC_DIR

from dtro_validation.rule_compiler import compile_rule
from dtro_validation.rule_interpreter import Evaluator, RuleEngineError

SERVICE_RULES = json.loads((SPEC_DIR / "rules" / "3.4.0.json").read_text())
EXAMPLES = sorted((SPEC_DIR / "examples" / "3.4.0").glob("*.json"))


def outcome(func: Any) -> tuple[str, Any]:
    try:
        return "value", func()
    except (RuleEngineError, IndexError, TypeError, ValueError) as exc:
        return type(exc).__name__, str(exc)


def same(rule: Any, data: Any) -> None:
    evaluator = Evaluator(NOW)
    expected = outcome(lambda: evaluator.apply(rule, copy.deepcopy(data)))
    assert outcome(lambda: compile_rule(rule)(copy.deepcopy(data), evaluator)) == expected


def broken(data: dict[str, Any]) -> dict[str, Any]:
    """The example with values the rules reject (and a key in the other casing)."""
    data = copy.deepcopy(data)
    for provision in data.get("source", {}).get("provision", []):
        for regulation in provision.get("regulation", []):
            regulation["Condition"] = regulation.pop("condition", [{}])
            regulation["timeValidity"] = {"start": "2025-01-01T00:00:00", "end": "2024-01-01"}
            regulation["regulationType"] = "dimensionMaximumLength"
    return data


@pytest.mark.parametrize("rule", SERVICE_RULES, ids=lambda r: r["name"])
def test_service_rules_on_examples(rule: dict[str, Any]) -> None:
    for path in EXAMPLES[:4]:
        data = json.loads(path.read_text(encoding="utf-8-sig"))["data"]
        same(rule["rule"], data)
        same(rule["rule"], broken(data))


DATA = {
    "Source": {"provision": [{"a": 1, "b": "x"}, {"a": 0, "b": "y"}]},
    "list": [3, 1, 2],
    "conditions": {"conditions": [{"conditions": [{"x": 1}]}, {"y": 2}]},
    "when": "2020-01-01T00:00:00Z",
    "year": 2030,
}


@pytest.mark.parametrize(
    "rule",
    [
        {"var": "Source.Provision.1.b"},
        {"var": "source.provision"},
        {"var": ["missing", {"var": "list.0"}]},
        {"var": {"var": "Source.Provision.0.b"}},
        {"var": 1},
        {"some": [{"var": "list"}, {">": [{"var": ""}, 2]}]},
        {"none": [{"var": "list"}, {">": [{"var": ""}, 5]}]},
        {"filter": [{"var": "list"}, {"<=": [1, {"var": ""}, 2]}]},
        {"map": [{"var": "Source.Provision"}, {"var": "a"}]},
        {"all": [{"var": "year"}, True]},
        {"all": [{"var": "list"}]},
        {"and": [1, "a", [], 2]},
        {"or": [0, "", {"var": "nope"}]},
        {"if": [{"var": "nope"}, 1, {"==": [{"var": "year"}, "2030"]}, 2, 3]},
        {"?:": [False, 1]},
        {"!": []},
        {"!!": [{"var": "list"}]},
        {"===": [1, 1.0]},
        {"!==": ["a", "a"]},
        {"in": ["b", "abc"]},
        {"in": [2, {"var": "list"}]},
        {"all_unique": [{"var": "list"}, 3]},
        {"flatten_conditions": {"var": "conditions"}},
        {"indexed": {"var": "list"}},
        {"compared_to_current_time": [{"var": "when"}, "<", "1.00:00"]},
        {"compared_to_current_time": [{"var": "year"}, "<"]},
        {"compared_to_current_year": [{"var": "year"}, ">="]},
        {"nonsense": [1]},
        {"or": [True, {"nonsense": [1]}]},
        {"a": 1, "b": 2},
    ],
)
def test_operators(rule: Any) -> None:
    same(rule, DATA)
