"""A small JSON-Logic evaluator with the D-TRO service's custom operators (research §4.8).

Rule paths are PascalCase (`Source.Provision`) because the service evaluates them against a
case-converted copy of `data`. Instead of copying a 10 MB document we resolve each `var`
segment the way the converted document would answer it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from dtro_app.validation.issues import ValidationIssue, field_for_path, pointer

#: Lower-cased names the service capitalises when their value is an object or array
#: (`Constants.KeysToConvert`, research §4.3). `conditions` is deliberately absent.
KEYS_TO_CONVERT = frozenset(
    [
        "source",
        "provision",
        "regulatedplace",
        "geometry",
        "lineargeometry",
        "pointgeometry",
        "polygon",
        "directedlinear",
        "externalreference",
        "uniquestreetreferencenumber",
        "elementarystreetunit",
        "regulation",
        "speedlimitvaluebased",
        "speedlimitprofilebased",
        "generalregulation",
        "offlistregulation",
        "condition",
        "temporaryregulation",
        "roadcondition",
        "occupantcondition",
        "drivercondition",
        "accesscondition",
        "timevalidity",
        "nonvehicularroadusercondition",
        "permitcondition",
        "vehiclecharacteristics",
        "conditionset",
        "maximumgrossweightcharacteristic",
        "maximumheightcharacteristic",
        "maximumlengthcharacteristic",
        "maximumwidthcharacteristic",
        "heaviestaxleweightcharacteristic",
        "numberofaxlescharacteristic",
        "emissions",
        "ratetable",
        "ratelinecollection",
        "rateline",
        "consultation",
        "actualstartorstop",
        "experimentalvariation",
        "experimentalcessation",
        "permittypeextension",
        "vehicleusagetypeextension",
        "emissionclassificationeurotypeextension",
    ]
)

_MISSING = object()


class RuleEngineError(Exception):
    """The service's engine would throw here (it answers 500)."""


def _lookup(obj: Any, segment: str) -> Any:
    """One `var` segment against the case-converted view of `obj`."""
    if isinstance(obj, list):
        if segment.isdigit() and int(segment) < len(obj):
            return obj[int(segment)]
        return _MISSING
    if not isinstance(obj, dict):
        return _MISSING
    lowered = segment.lower()
    if lowered in KEYS_TO_CONVERT:
        upper = segment[:1].upper() + segment[1:]
        lower = segment[:1].lower() + segment[1:]
        if segment[:1].isupper():
            # `Source`: the converted key exists if the original had either casing and a
            # structured value (upper-case keys are kept as they are).
            for key in (upper, lower):
                value = obj.get(key, _MISSING)
                if value is not _MISSING and (key == upper or isinstance(value, dict | list)):
                    return value
            return _MISSING
        value = obj.get(lower, _MISSING)
        if isinstance(value, dict | list):
            return _MISSING  # converted away to the PascalCase key
        return value
    return obj.get(segment, _MISSING)


def resolve(data: Any, path: Any) -> Any:
    if path is None or path == "":
        return data
    if isinstance(path, int | float):
        path = str(int(path))
    node = data
    for segment in str(path).split("."):
        node = _lookup(node, segment)
        if node is _MISSING:
            return _MISSING
    return node


def truthy(value: Any) -> bool:
    if value is None or value is _MISSING:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _compare(a: Any, b: Any, op: str) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        x: Any = a
        y: Any = b
    else:
        x, y = _num(a), _num(b)
        if x is None or y is None:
            return False
    return {
        "<": x < y,
        "<=": x <= y,
        ">": x > y,
        ">=": x >= y,
        "==": x == y,
        "!=": x != y,
    }[op]


def _loose_equal(a: Any, b: Any) -> bool:
    if a is _MISSING:
        a = None
    if b is _MISSING:
        b = None
    if type(a) is type(b) or a is None or b is None:
        return a == b
    x, y = _num(a), _num(b)
    return x is not None and x == y


def _as_list(value: Any) -> list[Any]:
    if value is None or value is _MISSING:
        return []
    if not isinstance(value, list):
        raise RuleEngineError(f"expected an array, got {type(value).__name__}")
    return value


def _timespan(text: Any) -> timedelta:
    """A .NET TimeSpan string: `[-][d.]hh:mm[:ss[.fff]]` or a plain number of days."""
    if not isinstance(text, str) or not text:
        return timedelta()
    match = re.fullmatch(r"(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+(?:\.\d+)?))?", text.strip())
    if not match:
        if text.strip().lstrip("-").isdigit():
            return timedelta(days=int(text))
        raise RuleEngineError(f"bad TimeSpan {text!r}")
    sign, days, hours, minutes, seconds = match.groups()
    delta = timedelta(
        days=int(days or 0), hours=int(hours), minutes=int(minutes), seconds=float(seconds or 0)
    )
    return -delta if sign else delta


def _parse_dt(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _flatten_conditions(value: Any) -> list[Any]:
    out: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict) and isinstance(node.get("conditions"), list):
            walk(node["conditions"])
        elif node is not None and node is not _MISSING:
            out.append(node)

    walk(value)
    return out


class Evaluator:
    def __init__(self, now: datetime) -> None:
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.ops: dict[str, Callable[[list[Any], Any], Any]] = {
            "var": self._var,
            "all": self._all,
            "some": self._some,
            "none": self._none,
            "filter": self._filter,
            "map": self._map,
            "and": self._and,
            "or": self._or,
            "if": self._if,
            "?:": self._if,
            "!": lambda a, d: not truthy(self.apply(a[0], d) if a else None),
            "!!": lambda a, d: truthy(self.apply(a[0], d) if a else None),
            "==": lambda a, d: _loose_equal(*self._args(a, d, 2)),
            "!=": lambda a, d: not _loose_equal(*self._args(a, d, 2)),
            "===": lambda a, d: (lambda x, y: type(x) is type(y) and x == y)(*self._args(a, d, 2)),
            "!==": lambda a, d: (
                not (lambda x, y: type(x) is type(y) and x == y)(*self._args(a, d, 2))
            ),
            "<": lambda a, d: self._chain(a, d, "<"),
            "<=": lambda a, d: self._chain(a, d, "<="),
            ">": lambda a, d: self._chain(a, d, ">"),
            ">=": lambda a, d: self._chain(a, d, ">="),
            "in": self._in,
            "all_unique": self._all_unique,
            "compared_to_current_time": self._current_time,
            "compared_to_current_year": self._current_year,
            "flatten_conditions": lambda a, d: _flatten_conditions([self.apply(x, d) for x in a]),
            "indexed": lambda a, d: [
                {"index": i, "value": v} for i, v in enumerate(_as_list(self.apply(a[0], d)))
            ],
        }

    def apply(self, rule: Any, data: Any) -> Any:
        if isinstance(rule, list):
            return [self.apply(r, data) for r in rule]
        if not isinstance(rule, dict) or len(rule) != 1:
            return rule
        ((op, args),) = rule.items()
        func = self.ops.get(op)
        if func is None:
            raise RuleEngineError(f"unknown operator {op!r}")
        if not isinstance(args, list):
            args = [args]
        return func(args, data)

    def _args(self, args: list[Any], data: Any, n: int) -> list[Any]:
        values = [self.apply(a, data) for a in args[:n]]
        return values + [None] * (n - len(values))

    def _var(self, args: list[Any], data: Any) -> Any:
        path = self.apply(args[0], data) if args else ""
        value = resolve(data, path)
        if value is _MISSING:
            return self.apply(args[1], data) if len(args) > 1 else None
        return value

    def _items(self, args: list[Any], data: Any) -> list[Any]:
        return _as_list(self.apply(args[0], data)) if args else []

    def _all(self, args: list[Any], data: Any) -> bool:
        items = self._items(args, data)
        if not items:
            return False
        return all(truthy(self.apply(args[1], item)) for item in items)

    def _some(self, args: list[Any], data: Any) -> bool:
        return any(truthy(self.apply(args[1], item)) for item in self._items(args, data))

    def _none(self, args: list[Any], data: Any) -> bool:
        return not self._some(args, data)

    def _filter(self, args: list[Any], data: Any) -> list[Any]:
        return [item for item in self._items(args, data) if truthy(self.apply(args[1], item))]

    def _map(self, args: list[Any], data: Any) -> list[Any]:
        return [self.apply(args[1], item) for item in self._items(args, data)]

    def _and(self, args: list[Any], data: Any) -> Any:
        value: Any = True
        for arg in args:
            value = self.apply(arg, data)
            if not truthy(value):
                return value
        return value

    def _or(self, args: list[Any], data: Any) -> Any:
        value: Any = False
        for arg in args:
            value = self.apply(arg, data)
            if truthy(value):
                return value
        return value

    def _if(self, args: list[Any], data: Any) -> Any:
        i = 0
        while i + 1 < len(args):
            if truthy(self.apply(args[i], data)):
                return self.apply(args[i + 1], data)
            i += 2
        return self.apply(args[i], data) if i < len(args) else None

    def _chain(self, args: list[Any], data: Any, op: str) -> bool:
        values = [self.apply(a, data) for a in args]
        if len(values) < 2:
            return False
        return all(_compare(values[i], values[i + 1], op) for i in range(len(values) - 1))

    def _in(self, args: list[Any], data: Any) -> bool:
        needle, haystack = self._args(args, data, 2)
        if isinstance(haystack, str):
            return isinstance(needle, str) and needle in haystack
        if isinstance(haystack, list):
            return any(_loose_equal(needle, item) for item in haystack)
        return False

    def _all_unique(self, args: list[Any], data: Any) -> bool:
        seen: set[str] = set()
        for value in (self.apply(a, data) for a in args):
            for item in value if isinstance(value, list) else [value]:
                text = json.dumps(item, separators=(",", ":"), ensure_ascii=False)
                if text in seen:
                    return False
                seen.add(text)
        return True

    def _current_time(self, args: list[Any], data: Any) -> bool:
        value, op, offset = self._args(args, data, 3)
        when = _parse_dt(value)
        if when is None:
            raise RuleEngineError(f"not a date-time: {value!r}")
        return _compare(when.timestamp(), (self.now + _timespan(offset)).timestamp(), op)

    def _current_year(self, args: list[Any], data: Any) -> bool:
        value, op = self._args(args, data, 2)
        return _compare(value, self.now.astimezone(UTC).year, op)


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
                        if key in node and _lookup(node, segment) is node[key]:
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
            result = evaluator.apply(body, data)
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
                    field=field_for_path(ptr),
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
