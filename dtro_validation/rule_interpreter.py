"""A small JSON-Logic interpreter with the D-TRO service's custom operators.

Rule paths are PascalCase (`Source.Provision`) because the service evaluates them against a
case-converted copy of `data`. Instead of copying a 10 MB document we resolve each `var`
segment the way the converted document would answer it.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

#: Lower-cased names the service capitalises when their value is an object or array
#: (the service's `Constants.KeysToConvert`). `conditions` is deliberately absent.
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

MISSING = object()


class RuleEngineError(Exception):
    """The service's engine would throw here (it answers 500)."""


def lookup(obj: Any, segment: str) -> Any:
    """One `var` segment against the case-converted view of `obj`."""
    if isinstance(obj, list):
        if segment.isdigit() and int(segment) < len(obj):
            return obj[int(segment)]
        return MISSING
    if not isinstance(obj, dict):
        return MISSING
    lowered = segment.lower()
    if lowered in KEYS_TO_CONVERT:
        upper = segment[:1].upper() + segment[1:]
        lower = segment[:1].lower() + segment[1:]
        if segment[:1].isupper():
            # `Source`: the converted key exists if the original had either casing and a
            # structured value (upper-case keys are kept as they are).
            for key in (upper, lower):
                value = obj.get(key, MISSING)
                if value is not MISSING and (key == upper or isinstance(value, dict | list)):
                    return value
            return MISSING
        value = obj.get(lower, MISSING)
        if isinstance(value, dict | list):
            return MISSING  # converted away to the PascalCase key
        return value
    return obj.get(segment, MISSING)


def resolve(data: Any, path: Any) -> Any:
    if path is None or path == "":
        return data
    if isinstance(path, int | float):
        path = str(int(path))
    node = data
    for segment in str(path).split("."):
        node = lookup(node, segment)
        if node is MISSING:
            return MISSING
    return node


def truthy(value: Any) -> bool:
    if value is None or value is MISSING:
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


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def compare(a: Any, b: Any, op: str) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _OPS[op](a, b)
    x, y = _num(a), _num(b)
    if x is None or y is None:
        return False
    return _OPS[op](x, y)


def loose_equal(a: Any, b: Any) -> bool:
    if a is MISSING:
        a = None
    if b is MISSING:
        b = None
    if type(a) is type(b) or a is None or b is None:
        return a == b
    x, y = _num(a), _num(b)
    return x is not None and x == y


def as_list(value: Any) -> list[Any]:
    if value is None or value is MISSING:
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


def flatten_conditions(value: Any) -> list[Any]:
    out: list[Any] = []
    _flatten_into(value, out)
    return out


def _flatten_into(node: Any, out: list[Any]) -> None:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and not isinstance(item.get("conditions"), list):
                out.append(item)  # a leaf condition (the common case), without a call
            else:
                _flatten_into(item, out)
    elif isinstance(node, dict) and isinstance(node.get("conditions"), list):
        _flatten_into(node["conditions"], out)
    elif node is not None and node is not MISSING:
        out.append(node)


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
            "==": lambda a, d: loose_equal(*self._args(a, d, 2)),
            "!=": lambda a, d: not loose_equal(*self._args(a, d, 2)),
            "===": lambda a, d: strict_equal(*self._args(a, d, 2)),
            "!==": lambda a, d: not strict_equal(*self._args(a, d, 2)),
            "<": lambda a, d: self._chain(a, d, "<"),
            "<=": lambda a, d: self._chain(a, d, "<="),
            ">": lambda a, d: self._chain(a, d, ">"),
            ">=": lambda a, d: self._chain(a, d, ">="),
            "in": self._in,
            "all_unique": self._all_unique,
            "compared_to_current_time": self._current_time,
            "compared_to_current_year": self._current_year,
            "flatten_conditions": lambda a, d: flatten_conditions([self.apply(x, d) for x in a]),
            "indexed": lambda a, d: [
                {"index": i, "value": v} for i, v in enumerate(as_list(self.apply(a[0], d)))
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
        if value is MISSING:
            return self.apply(args[1], data) if len(args) > 1 else None
        return value

    def _items(self, args: list[Any], data: Any) -> list[Any]:
        return as_list(self.apply(args[0], data)) if args else []

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
        return all(compare(values[i], values[i + 1], op) for i in range(len(values) - 1))

    def _in(self, args: list[Any], data: Any) -> bool:
        return is_in(*self._args(args, data, 2))

    def _all_unique(self, args: list[Any], data: Any) -> bool:
        return all_unique([self.apply(a, data) for a in args])

    def _current_time(self, args: list[Any], data: Any) -> bool:
        return self.current_time(*self._args(args, data, 3))

    def current_time(self, value: Any, op: Any, offset: Any) -> bool:
        when = _parse_dt(value)
        if when is None:
            raise RuleEngineError(f"not a date-time: {value!r}")
        return compare(when.timestamp(), (self.now + _timespan(offset)).timestamp(), op)

    def _current_year(self, args: list[Any], data: Any) -> bool:
        return self.current_year(*self._args(args, data, 2))

    def current_year(self, value: Any, op: Any) -> bool:
        return compare(value, self.now.astimezone(UTC).year, op)


def all_unique(values: list[Any]) -> bool:
    seen: set[str] = set()
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            text = json.dumps(item, separators=(",", ":"), ensure_ascii=False)
            if text in seen:
                return False
            seen.add(text)
    return True


def is_in(needle: Any, haystack: Any) -> bool:
    if isinstance(haystack, str):
        return isinstance(needle, str) and needle in haystack
    if isinstance(haystack, list):
        return any(loose_equal(needle, item) for item in haystack)
    return False


def strict_equal(x: Any, y: Any) -> bool:
    return type(x) is type(y) and x == y
