"""A small JSON-Logic evaluator with the D-TRO service's custom operators (research §4.8).

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

from dtro_validation.issues import ValidationIssue, pointer

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


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def _compare(a: Any, b: Any, op: str) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _OPS[op](a, b)
    x, y = _num(a), _num(b)
    if x is None or y is None:
        return False
    return _OPS[op](x, y)


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
    elif node is not None and node is not _MISSING:
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
            "==": lambda a, d: _loose_equal(*self._args(a, d, 2)),
            "!=": lambda a, d: not _loose_equal(*self._args(a, d, 2)),
            "===": lambda a, d: _strict_equal(*self._args(a, d, 2)),
            "!==": lambda a, d: not _strict_equal(*self._args(a, d, 2)),
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
        return _in(*self._args(args, data, 2))

    def _all_unique(self, args: list[Any], data: Any) -> bool:
        return _all_unique([self.apply(a, data) for a in args])

    def _current_time(self, args: list[Any], data: Any) -> bool:
        return self.current_time(*self._args(args, data, 3))

    def current_time(self, value: Any, op: Any, offset: Any) -> bool:
        when = _parse_dt(value)
        if when is None:
            raise RuleEngineError(f"not a date-time: {value!r}")
        return _compare(when.timestamp(), (self.now + _timespan(offset)).timestamp(), op)

    def _current_year(self, args: list[Any], data: Any) -> bool:
        return self.current_year(*self._args(args, data, 2))

    def current_year(self, value: Any, op: Any) -> bool:
        return _compare(value, self.now.astimezone(UTC).year, op)


def _all_unique(values: list[Any]) -> bool:
    seen: set[str] = set()
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            text = json.dumps(item, separators=(",", ":"), ensure_ascii=False)
            if text in seen:
                return False
            seen.add(text)
    return True


def _in(needle: Any, haystack: Any) -> bool:
    if isinstance(haystack, str):
        return isinstance(needle, str) and needle in haystack
    if isinstance(haystack, list):
        return any(_loose_equal(needle, item) for item in haystack)
    return False


def _strict_equal(x: Any, y: Any) -> bool:
    return type(x) is type(y) and x == y


# --- compilation -------------------------------------------------------------------------
#
# `Evaluator.apply` walks the rule tree for every value it meets (for a 10 MB D-TRO that is
# about a million calls). `compile_rule` turns a rule into the source of one Python function
# with the loops, short-circuits and `var` look-ups inlined, so each rule is walked once.
# Anything unusual (odd arities, computed `var` paths, unknown operators) is delegated to
# `Evaluator.apply` for that subtree, so results and errors are those of the interpreter.

#: Types whose Python truth value is `truthy`'s answer.
_PLAIN = frozenset([type(None), bool, int, float, str, list, dict])
_MAX_LOOPS = 12  # CPython allows 20 statically nested blocks
_MAX_INDENT = 60


class _Compiler:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.consts: dict[str, Any] = {}
        self.count = 0
        self.loops = 0
        self.bools: set[str] = {"True", "False"}  # names known to hold a bool

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any) -> str:
        if value is None or isinstance(value, bool | str) or type(value) is int:
            return repr(value)
        name = self.name("_k")
        self.consts[name] = value
        return name

    def emit(self, ind: int, line: str) -> None:
        self.lines.append("    " * ind + line)

    def test(self, expr: str) -> str:
        """A Python condition with `truthy(expr)`'s value; `expr` must be a plain name."""
        if expr in self.bools:
            return expr
        return f"({expr} if type({expr}) in _PLAIN else _truthy({expr}))"

    def boolean(self, name: str) -> str:
        self.bools.add(name)
        return name

    def fallback(self, rule: Any, d: str, ind: int) -> str:
        out = self.name("v")
        self.emit(ind, f"{out} = ev.apply({self.const(rule)}, {d})")
        return out

    def node(self, rule: Any, d: str, ind: int) -> str:
        """Emit code computing `Evaluator.apply(rule, d)`; return a name holding it."""
        if ind > _MAX_INDENT:
            return self.fallback(rule, d, ind)
        if isinstance(rule, list):
            items = [self.node(r, d, ind) for r in rule]
            out = self.name("v")
            self.emit(ind, f"{out} = [{', '.join(items)}]")
            return out
        if not isinstance(rule, dict) or len(rule) != 1:
            return self.const(rule)
        ((op, args),) = rule.items()
        if not isinstance(args, list):
            args = [args]
        method = _COMPILERS.get(op) if isinstance(op, str) else None
        if method is None:
            return self.fallback(rule, d, ind)
        result = method(self, args, d, ind)
        return self.fallback(rule, d, ind) if result is None else result

    # Each `op_*` returns None to fall back to the interpreter for the whole node.

    def op_var(self, args: list[Any], d: str, ind: int) -> str | None:
        path = args[0] if args else ""
        if path is None or path == "":
            if isinstance(path, str | type(None)):
                return d
            return None
        if not isinstance(path, str):
            return None
        steps = []
        for segment in path.split("."):
            index = None
            if segment.isdigit():
                try:
                    index = int(segment)
                except ValueError:
                    return None
            steps.append((segment, index))
        out = self.name("v")
        self.emit(ind, f"{out} = {d}")
        for segment, index in steps:
            self.emit(ind, f"if isinstance({out}, dict):")
            self._dict_step(out, segment, ind + 1)
            if index is not None:
                self.emit(ind, f"elif isinstance({out}, list):")
                self.emit(ind + 1, f"{out} = {out}[{index}] if {index} < len({out}) else M")
            self.emit(ind, "else:")
            self.emit(ind + 1, f"{out} = M")
        self.emit(ind, f"if {out} is M:")
        if len(args) > 1:
            default = self.node(args[1], d, ind + 1)
            self.emit(ind + 1, f"{out} = {default}")
        else:
            self.emit(ind + 1, f"{out} = None")
        return out

    def _dict_step(self, out: str, segment: str, ind: int) -> None:
        if segment.lower() not in KEYS_TO_CONVERT:
            self.emit(ind, f"{out} = {out}.get({segment!r}, M)")
            return
        upper = segment[:1].upper() + segment[1:]
        lower = segment[:1].lower() + segment[1:]
        if segment[:1].isupper():
            tmp = self.name("w")
            self.emit(ind, f"{tmp} = {out}.get({upper!r}, M)")
            self.emit(ind, f"if {tmp} is M:")
            self.emit(ind + 1, f"{tmp} = {out}.get({lower!r}, M)")
            self.emit(ind + 1, f"if not isinstance({tmp}, dict | list):")
            self.emit(ind + 2, f"{tmp} = M")
            self.emit(ind, f"{out} = {tmp}")
        else:
            self.emit(ind, f"{out} = {out}.get({lower!r}, M)")
            self.emit(ind, f"if isinstance({out}, dict | list):")
            self.emit(ind + 1, f"{out} = M")

    def _items(self, args: list[Any], d: str, ind: int) -> str:
        items = self.node(args[0], d, ind)
        out = self.name("s")
        self.emit(ind, f"{out} = {items} if isinstance({items}, list) else _as_list({items})")
        return out

    def _loop(self, kind: str, args: list[Any], d: str, ind: int) -> str | None:
        if len(args) < 2 or self.loops >= _MAX_LOOPS:
            return None
        items = self._items(args, d, ind)
        out = self.name("r")
        item = self.name("d")
        self.loops += 1
        if kind == "all":
            self.emit(ind, f"{out} = bool({items})")
            self.emit(ind, f"for {item} in {items}:")
            value = self.node(args[1], item, ind + 1)
            self.emit(ind + 1, f"if not {self.test(value)}:")
            self.emit(ind + 2, f"{out} = False")
            self.emit(ind + 2, "break")
        elif kind in ("some", "none"):
            self.emit(ind, f"{out} = {kind == 'none'}")
            self.emit(ind, f"for {item} in {items}:")
            value = self.node(args[1], item, ind + 1)
            self.emit(ind + 1, f"if {self.test(value)}:")
            self.emit(ind + 2, f"{out} = {kind != 'none'}")
            self.emit(ind + 2, "break")
        elif kind == "filter":
            self.emit(ind, f"{out} = []")
            self.emit(ind, f"for {item} in {items}:")
            value = self.node(args[1], item, ind + 1)
            self.emit(ind + 1, f"if {self.test(value)}:")
            self.emit(ind + 2, f"{out}.append({item})")
        else:  # map
            self.emit(ind, f"{out} = []")
            self.emit(ind, f"for {item} in {items}:")
            value = self.node(args[1], item, ind + 1)
            self.emit(ind + 1, f"{out}.append({value})")
        self.loops -= 1
        return self.boolean(out) if kind in ("all", "some", "none") else out

    def op_all(self, args: list[Any], d: str, ind: int) -> str | None:
        return self._loop("all", args, d, ind)

    def op_some(self, args: list[Any], d: str, ind: int) -> str | None:
        return self._loop("some", args, d, ind)

    def op_none(self, args: list[Any], d: str, ind: int) -> str | None:
        return self._loop("none", args, d, ind)

    def op_filter(self, args: list[Any], d: str, ind: int) -> str | None:
        return self._loop("filter", args, d, ind)

    def op_map(self, args: list[Any], d: str, ind: int) -> str | None:
        return self._loop("map", args, d, ind)

    def _junction(self, args: list[Any], d: str, ind: int, stop_when: bool) -> str:
        out = self.name("r")
        self.emit(ind, f"{out} = {not stop_when}")
        for arg in args:
            value = self.node(arg, d, ind)
            self.emit(ind, f"{out} = {value}")
            cond = self.test(out)
            self.emit(ind, f"if {'not ' if stop_when else ''}{cond}:")
            ind += 1
        self.emit(ind, "pass")
        return out

    def op_and(self, args: list[Any], d: str, ind: int) -> str:
        return self._junction(args, d, ind, stop_when=False)

    def op_or(self, args: list[Any], d: str, ind: int) -> str:
        return self._junction(args, d, ind, stop_when=True)

    def op_if(self, args: list[Any], d: str, ind: int) -> str:
        out = self.name("r")
        self.emit(ind, f"{out} = None")
        i = 0
        while i + 1 < len(args):
            cond = self.node(args[i], d, ind)
            self.emit(ind, f"if {self.test(cond)}:")
            value = self.node(args[i + 1], d, ind + 1)
            self.emit(ind + 1, f"{out} = {value}")
            self.emit(ind, "else:")
            ind += 1
            i += 2
        if i < len(args):
            value = self.node(args[i], d, ind)
            self.emit(ind, f"{out} = {value}")
        else:
            self.emit(ind, "pass")
        return out

    def op_not(self, args: list[Any], d: str, ind: int) -> str:
        if not args:
            return "True"
        value = self.node(args[0], d, ind)
        out = self.name("r")
        self.emit(ind, f"{out} = not {self.test(value)}")
        return self.boolean(out)

    def op_notnot(self, args: list[Any], d: str, ind: int) -> str:
        if not args:
            return "False"
        value = self.node(args[0], d, ind)
        out = self.name("r")
        self.emit(ind, f"{out} = bool({self.test(value)})")
        return self.boolean(out)

    def _call(self, func: str, args: list[Any], d: str, ind: int, n: int) -> str:
        """`func(*values)` with `values` as `Evaluator._args` (n given) or every arg."""
        values = [self.node(a, d, ind) for a in args[:n]]
        values += ["None"] * (n - len(values))
        out = self.name("r")
        self.emit(ind, f"{out} = {func}({', '.join(values)})")
        return self.boolean(out)

    def op_eq(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("_loose_equal", args, d, ind, 2)

    def op_ne(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("not _loose_equal", args, d, ind, 2)

    def op_seq(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("_strict_equal", args, d, ind, 2)

    def op_sne(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("not _strict_equal", args, d, ind, 2)

    def op_in(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("_in", args, d, ind, 2)

    def _chain(self, args: list[Any], d: str, ind: int, op: str) -> str:
        values = [self.node(a, d, ind) for a in args]
        out = self.name("r")
        if len(values) < 2:
            self.emit(ind, f"{out} = False")
        else:
            pairs = [
                f"_compare({values[i]}, {values[i + 1]}, {op!r})" for i in range(len(values) - 1)
            ]
            self.emit(ind, f"{out} = {' and '.join(pairs)}")
        return self.boolean(out)

    def op_lt(self, args: list[Any], d: str, ind: int) -> str:
        return self._chain(args, d, ind, "<")

    def op_le(self, args: list[Any], d: str, ind: int) -> str:
        return self._chain(args, d, ind, "<=")

    def op_gt(self, args: list[Any], d: str, ind: int) -> str:
        return self._chain(args, d, ind, ">")

    def op_ge(self, args: list[Any], d: str, ind: int) -> str:
        return self._chain(args, d, ind, ">=")

    def op_all_unique(self, args: list[Any], d: str, ind: int) -> str:
        values = [self.node(a, d, ind) for a in args]
        out = self.name("r")
        self.emit(ind, f"{out} = _all_unique([{', '.join(values)}])")
        return self.boolean(out)

    def op_current_time(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("ev.current_time", args, d, ind, 3)

    def op_current_year(self, args: list[Any], d: str, ind: int) -> str:
        return self._call("ev.current_year", args, d, ind, 2)

    def op_flatten(self, args: list[Any], d: str, ind: int) -> str:
        values = [self.node(a, d, ind) for a in args]
        out = self.name("r")
        self.emit(ind, f"{out} = _flatten_conditions([{', '.join(values)}])")
        return out

    def op_indexed(self, args: list[Any], d: str, ind: int) -> str | None:
        if not args:
            return None
        items = self.node(args[0], d, ind)
        out = self.name("r")
        self.emit(
            ind, f"{out} = [{{'index': i, 'value': v}} for i, v in enumerate(_as_list({items}))]"
        )
        return out


_COMPILERS: dict[str, Callable[..., str | None]] = {
    "var": _Compiler.op_var,
    "all": _Compiler.op_all,
    "some": _Compiler.op_some,
    "none": _Compiler.op_none,
    "filter": _Compiler.op_filter,
    "map": _Compiler.op_map,
    "and": _Compiler.op_and,
    "or": _Compiler.op_or,
    "if": _Compiler.op_if,
    "?:": _Compiler.op_if,
    "!": _Compiler.op_not,
    "!!": _Compiler.op_notnot,
    "==": _Compiler.op_eq,
    "!=": _Compiler.op_ne,
    "===": _Compiler.op_seq,
    "!==": _Compiler.op_sne,
    "<": _Compiler.op_lt,
    "<=": _Compiler.op_le,
    ">": _Compiler.op_gt,
    ">=": _Compiler.op_ge,
    "in": _Compiler.op_in,
    "all_unique": _Compiler.op_all_unique,
    "compared_to_current_time": _Compiler.op_current_time,
    "compared_to_current_year": _Compiler.op_current_year,
    "flatten_conditions": _Compiler.op_flatten,
    "indexed": _Compiler.op_indexed,
}

CompiledRule = Callable[[Any, Evaluator], Any]


def compile_rule(rule: Any) -> CompiledRule:
    """A function `(data, evaluator)` returning what `evaluator.apply(rule, data)` would."""
    compiler = _Compiler()
    try:
        result = compiler.node(rule, "d0", 1)
        source = "\n".join(["def _rule(d0, ev):", *compiler.lines, f"    return {result}"])
        namespace: dict[str, Any] = {
            "M": _MISSING,
            "_PLAIN": _PLAIN,
            "_truthy": truthy,
            "_as_list": _as_list,
            "_loose_equal": _loose_equal,
            "_strict_equal": _strict_equal,
            "_compare": _compare,
            "_in": _in,
            "_all_unique": _all_unique,
            "_flatten_conditions": _flatten_conditions,
            **compiler.consts,
        }
        exec(compile(source, "<json-logic rule>", "exec"), namespace)  # noqa: S102
    except (SyntaxError, RecursionError, MemoryError):
        return lambda data, evaluator: evaluator.apply(rule, data)
    func: CompiledRule = namespace["_rule"]
    return func


#: id(rule) -> (rule, compiled); holding the rule keeps its id from being reused.
_COMPILED: dict[int, tuple[Any, CompiledRule]] = {}
_COMPILED_MAX = 4096


def compiled(rule: Any) -> CompiledRule:
    """The compiled form of `rule`, compiled once per rule object."""
    hit = _COMPILED.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    func = compile_rule(rule)
    _COMPILED[id(rule)] = (rule, func)
    return func


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
