"""Turn a D-TRO document's provisions into plain rows for a GOV.UK summary list.

Data-spec versions differ in shape (3.x: `regulation` is a list with `conditionSet`s;
4.0: one `regulation` object with a `condition`), and drafts may be incomplete, so every
look-up here is tolerant: a missing or odd value becomes "Not given", never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator

from dtro_app.labels import (
    NOT_GIVEN,
    Labelled,
    as_list,
    humanise,
    label,
    label_of_property,
    labelled,
    ordered,
    regulation_label,
)
from dtro_app.maps.features import regulation_types_of
from dtro_validation.document_parts import (
    PROVISION_KEYS,
    SOURCE_KEYS,
    data_of,
    places_of,
    provision_member,
    source_of,
)

# Provisions on one page of the order, approval and comparison pages: a 10 MB order has
# about 5,700, which as one page was 10 MB of HTML.
PROVISIONS_PER_PAGE = 50

_GEOMETRY_NAMES = {
    "pointGeometry": "Point",
    "linearGeometry": "Line",
    "polygon": "Area",
    "directedLinear": "Directed line",
}


@dataclass
class ProvisionRow:
    number: int
    reference: str
    description: str
    # Labelled: the label, with `.code` for the code shown as secondary text.
    regulation_types: list[Labelled] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    validity: str = NOT_GIVEN
    conditions: list[str] = field(default_factory=list)
    order_reporting_point: Labelled | str = ""


def _date(value: Any) -> str:
    text = str(value or "")
    return text.replace("T", " ")[:16] if text else ""


def span(start: str, end: str) -> str:
    """A start and an end, already in words: "a to b", "From a", "Until b" or ""."""
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"From {start}"
    return f"Until {end}" if end else ""


def day_codes(period: dict[str, Any]) -> list[str]:
    """The `applicableDay` codes of a valid period's recurring days, as written."""
    return [
        str(day)
        for item in as_list(period.get("recurringDayWeekMonthPeriod"))
        if isinstance(item, dict)
        for day in as_list(item.get("applicableDay"))
    ]


def times_of_day(period: dict[str, Any]) -> list[str]:
    """A valid period's times of day: "08:00 to 18:00"."""
    return [
        f"{str(t.get('startTimeOfPeriod', ''))[:5]} to {str(t.get('endTimeOfPeriod', ''))[:5]}"
        for t in as_list(period.get("recurringTimePeriodOfDay"))
        if isinstance(t, dict)
    ]


def _time_validity(validity: Any) -> str:
    if not isinstance(validity, dict):
        return ""
    spanned = span(_date(validity.get("start")), _date(validity.get("end")))
    parts = [spanned] if spanned else []
    for period in as_list(validity.get("validPeriod")):
        if not isinstance(period, dict):
            continue
        days = [label(day, "dayType") for day in ordered("dayType", day_codes(period))]
        times = times_of_day(period)
        if days or times:
            parts.append(", ".join(days + times))
    return "; ".join(parts)


def _describe_condition(condition: Any, out: list[str], validity: list[str]) -> None:
    """Flatten a condition tree into short sentences (time validity goes to `validity`)."""
    if isinstance(condition, list):
        for item in condition:
            _describe_condition(item, out, validity)
        return
    if not isinstance(condition, dict):
        return
    negate = condition.get("negate") is True
    for key, value in condition.items():
        if key in {"negate", "operator"}:
            continue
        if key in {"conditions", "conditionSet", "condition"}:
            _describe_condition(value, out, validity)
        elif key == "timeValidity":
            text = _time_validity(value)
            if text:
                validity.append(("Except " if negate else "") + text)
        elif isinstance(value, dict):
            details = ", ".join(
                f"{humanise(k).lower()} {_scalar(v, k)}" for k, v in _leaves(value) if _scalar(v, k)
            )
            label = humanise(key)
            text = f"{label}: {details}" if details else label
            out.append(("Except " + text[:1].lower() + text[1:]) if negate else text)


def _leaves(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        result: list[tuple[str, Any]] = []
        for key, item in value.items():
            result.extend(_leaves(item, key))
        return result
    if isinstance(value, list):
        return [(prefix, ", ".join(_scalar(v, prefix) for v in value if _scalar(v, prefix)))]
    return [(prefix, value)]


def _scalar(value: Any, key: str = "") -> str:
    if (text := label_of_property(key, value)) is not None:
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | str):
        return humanise(value).lower() if isinstance(value, str) and value.isalpha() else str(value)
    return ""


def place_kinds(place: dict[str, Any]) -> list[str]:
    """What shapes a regulated place has: "Point", "Line", "Area", "Directed line"."""
    return [name for key, name in _GEOMETRY_NAMES.items() if isinstance(place.get(key), dict)]


def _places(provision: dict[str, Any]) -> list[str]:
    places = []
    for place in places_of(provision, lone=True):
        kinds = place_kinds(place)
        description = str(place.get("description") or "Unnamed place")
        places.append(f"{description} ({', '.join(kinds)})" if kinds else description)
    return places


def _provision_row(provision: dict[str, Any], index: int) -> ProvisionRow:
    types: list[Labelled] = []
    conditions: list[str] = []
    validity: list[str] = []
    for regulation in as_list(provision.get("regulation")):
        if not isinstance(regulation, dict):
            continue
        for key, value in regulation.items():
            # generalRegulation, offListRegulation, speedLimitValueBased, ...
            if isinstance(value, dict) and key not in {"condition", "conditionSet"}:
                types.append(regulation_label(key, value))
        for key in ("condition", "conditionSet"):
            _describe_condition(regulation.get(key), conditions, validity)
    coming_into_force = _date(provision.get("comingIntoForceDate"))
    if coming_into_force and not validity:
        validity.append(f"Comes into force {coming_into_force}")
    return ProvisionRow(
        number=index + 1,
        reference=str(provision.get("reference") or NOT_GIVEN),
        description=str(provision.get("provisionDescription") or NOT_GIVEN),
        regulation_types=types or [Labelled(NOT_GIVEN)],
        places=_places(provision) or [NOT_GIVEN],
        validity="; ".join(validity) or NOT_GIVEN,
        conditions=conditions,
        order_reporting_point=labelled(
            provision.get("orderReportingPoint"), "orderReportingPointType"
        )
        if provision.get("orderReportingPoint")
        else "",
    )


def _provisions(document: Any) -> list[Any]:
    # Tolerant on purpose: a lone provision object still shows as a row.
    return as_list(provision_member(source_of(document)))


def _matches(provision: dict[str, Any], wanted: str, labels: dict[str, str]) -> bool:
    """Whether `wanted` (casefolded) is in the provision's description or reference, its
    places' descriptions, or its regulation types as codes or as labels (`labels` keeps the
    labels already looked up)."""
    words = [str(provision.get(key) or "") for key in ("provisionDescription", "reference")]
    words += [str(place.get("description") or "") for place in places_of(provision, lone=True)]
    for code in regulation_types_of(provision):
        if code not in labels:
            labels[code] = label(code, "regulationType")
        words += [code, labels[code]]
    return any(wanted in word.casefold() for word in words)


def matching_provisions(document: Any, query: str = "") -> list[int]:
    """Positions (from 0) of the provisions the filter `query` finds; all of them without one."""
    provisions = _provisions(document)
    wanted = query.strip().casefold()
    labels: dict[str, str] = {}
    return [
        index
        for index, provision in enumerate(provisions)
        if isinstance(provision, dict) and (not wanted or _matches(provision, wanted, labels))
    ]


def provision_count(document: Any, *, query: str = "") -> int:
    if not query.strip():
        return len(_provisions(document))
    return len(matching_provisions(document, query))


def provision_rows(
    document: Any, *, offset: int = 0, limit: int | None = None, query: str = ""
) -> list[ProvisionRow]:
    """A row per provision the filter `query` finds, skipping `offset` of them and keeping at
    most `limit`; numbered by their place in the order."""
    provisions = _provisions(document)
    positions = matching_provisions(document, query)
    end = None if limit is None else offset + limit
    return [_provision_row(provisions[index], index) for index in positions[offset:end]]


@dataclass
class ProvisionPage:
    """One page of an order's provisions, as the filter `query` finds them."""

    rows: list[ProvisionRow]
    positions: list[int]  # where this page's provisions are in the order, from 0
    number: int
    pages: int
    matching: int
    total: int
    query: str
    per_page: int

    @property
    def first(self) -> int:
        """The place in the list found of this page's first provision (0 when none)."""
        return (self.number - 1) * self.per_page + 1 if self.positions else 0

    @property
    def last(self) -> int:
        return self.first + len(self.positions) - 1 if self.positions else 0

    @property
    def is_part(self) -> bool:
        """Whether the page shows fewer provisions than the order has."""
        return len(self.positions) < self.total


def provision_page(
    document: Any, *, page: Any = 1, query: str = "", per_page: int = PROVISIONS_PER_PAGE
) -> ProvisionPage:
    """The provisions of page `page` (a number, or text from the query string: anything
    that is not a page number gives the first page, past the end the last)."""
    provisions = _provisions(document)
    positions = matching_provisions(document, query)
    shown = Paginator(positions, per_page).get_page(page)
    return ProvisionPage(
        rows=[_provision_row(provisions[index], index) for index in shown.object_list],
        positions=list(shown.object_list),
        number=shown.number,
        pages=shown.paginator.num_pages,
        matching=len(positions),
        total=len(provisions),
        query=query.strip(),
        per_page=per_page,
    )


def with_provisions(document: Any, positions: list[int]) -> Any:
    """A copy of `document` holding only the provisions at `positions` (the same dicts), for
    drawing one page of a big order's places."""
    provisions = _provisions(document)
    kept = [provisions[index] for index in positions if 0 <= index < len(provisions)]
    return with_provision_list(document, kept)


def with_provision_list(document: Any, provisions: list[Any]) -> Any:
    """A copy of `document` whose provision list is `provisions`, under the key (and in the
    source) it already uses; `document` itself when it has no source."""
    source = source_of(document)
    data = data_of(document)
    if source is None or data is None:
        return document
    key = next((k for k in PROVISION_KEYS if k in source), PROVISION_KEYS[0])
    source_key = next(k for k in SOURCE_KEYS if data.get(k) is source)
    return {**document, "data": {**data, source_key: {**source, key: provisions}}}
