"""Finding a code's label, and lists of choices in the order people expect (days Monday to
Sunday, regulation types by group, everything else A to Z with "Other" last)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dtro_app.labels.regulations import GROUP_OF, GROUPED
from dtro_app.labels.tables import TABLES, Table
from dtro_app.labels.text import NOT_GIVEN, humanise
from dtro_validation import get_registry
from dtro_validation.registry import version_key

#: Enums whose tables are written in their natural order (the week, the year, first to last).
NATURAL_ORDER = frozenset(
    {
        "dayType",
        "monthType",
        "weekInMonthType",
        "calendarWeekInMonthType",
        "instanceOfDayInMonth",
        "eventType",
        "comparisonOperatorType",
        "bywayType",
        "roadType",
        "linearDirectionType",
        "linearLateralPositionType",
        "currencyType",
        "rateType",
        "rateUsageConditionsType",
    }
)
#: Where codes that no table groups yet (a newer schema's) go in the regulation type list.
UNGROUPED = "Other regulation types"

Choice = tuple[str, str]


class Labelled(str):
    """A label that keeps its code, for pages that show the code as secondary text. It is
    the label wherever a string is expected (joins, comparisons, templates)."""

    code: str

    def __new__(cls, text: str, code: str = "") -> Labelled:
        made = super().__new__(cls, text)
        made.code = code
        return made


def _newest_first() -> list[Table]:
    return sorted(TABLES.values(), key=lambda t: version_key(t.version), reverse=True)


def table_for(version: str | None = None) -> Table:
    """The version's table; for a version without one (newer than this code), the newest
    table older than it; with no version, the newest table."""
    tables = _newest_first()
    if not version:
        return tables[0]
    if version in TABLES:
        return TABLES[version]
    key = version_key(version)
    return next((t for t in tables if version_key(t.version) < key), tables[-1])


def label(value: Any, enum: str | None = None, version: str | None = None) -> str:
    """The plain-English label of a code. The version's table first, then the other tables
    (a record may hold a code its version's table lacks); a code no table knows is humanised.
    An enum the tables do not know (or none) is searched for in every enum."""
    code = str(value if value is not None else "").strip()
    if not code:
        return NOT_GIVEN
    if enum is not None and not any(enum in t.enums for t in TABLES.values()):
        enum = None
    first = table_for(version)
    for table in (first, *(t for t in _newest_first() if t is not first)):
        found = table.find(code, enum)
        if found:
            return found
    return humanise(code)


def labelled(value: Any, enum: str | None = None, version: str | None = None) -> Labelled:
    return Labelled(label(value, enum, version), str(value or ""))


def _position(enum: str) -> dict[str, int]:
    """Each code's place in its enum's tables, oldest version's order first."""
    order: dict[str, int] = {}
    for table in TABLES.values():
        for code in table.enums.get(enum, {}):
            order.setdefault(code, len(order))
    return order


def _comes_last(text: str) -> bool:
    lowered = text.casefold()
    return lowered.startswith("other") or lowered.endswith("not known")


def ordered(enum: str, values: Iterable[str], version: str | None = None) -> list[str]:
    """The values without repeats, in the order a list of them should read."""
    unique = list(dict.fromkeys(str(v) for v in values))
    if enum in NATURAL_ORDER:
        position = _position(enum)
        return sorted(unique, key=lambda code: position.get(code, len(position)))
    if enum == "regulationType":
        groups = list(GROUPED)
        return sorted(
            unique,
            key=lambda code: (
                groups.index(GROUP_OF[code]) if code in GROUP_OF else len(groups),
                list(GROUPED[GROUP_OF[code]]).index(code) if code in GROUP_OF else 0,
                label(code, enum, version).casefold(),
            ),
        )
    return sorted(
        unique,
        key=lambda code: (
            _comes_last(label(code, enum, version)),
            label(code, enum, version).casefold(),
        ),
    )


def enum_values(enum: str, version: str | None = None) -> tuple[str, ...]:
    """What the version's schema allows (the newest active version when none is given); the
    table's codes when the registry does not know the version."""
    registry = get_registry()
    found = registry.find(version) if version else registry.newest_active()
    values = found.enum_values(enum) if found else ()
    return values or tuple(table_for(version).enums.get(enum, {}))


def choices(enum: str, version: str | None = None, blank: str | None = None) -> list[Choice]:
    """(code, label) pairs for a select or radios, in reading order; `blank` first if given."""
    pairs = [
        (code, label(code, enum, version)) for code in ordered(enum, enum_values(enum, version))
    ]
    return [("", blank), *pairs] if blank is not None else pairs


def grouped_choices(enum: str, version: str | None = None, blank: str | None = None) -> list[Any]:
    """Like `choices`, in Django's grouped form (one `<optgroup>` per group). Only regulation
    types have groups; other enums come back as `choices` does."""
    if enum != "regulationType":
        return choices(enum, version, blank)
    grouped: list[Any] = [("", blank)] if blank is not None else []
    return [*grouped, *in_groups(choices(enum, version))]


def in_groups(pairs: Iterable[Choice]) -> list[tuple[str, list[Choice]]]:
    """Regulation-type (code, label) pairs under their groups' names, keeping their order."""
    groups: dict[str, list[Choice]] = {}
    for code, text in pairs:
        groups.setdefault(GROUP_OF.get(code, UNGROUPED), []).append((code, text))
    return list(groups.items())
