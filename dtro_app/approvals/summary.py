"""A D-TRO in plain English for the supervisor deciding on it: per provision what it does,
where, when and for whom.

`facts()` gives the same content as labelled values, which is what `changes.py` compares.
Shapes differ between data-spec versions (3.x: a list of regulations, each with `condition`
or `conditionSet` lists; 4.0.0: one regulation object), and drafts may be incomplete, so
nothing here raises on an odd value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtro_app.approvals import phrases
from dtro_app.approvals.phrases import joined
from dtro_app.labels import as_list, label
from dtro_validation.document_parts import (
    geometries_of,
    places_of,
    provision_list_of,
    source_of,
)

#: Geometry member -> what to call the shape.
SHAPES = {
    "pointGeometry": "point",
    "linearGeometry": "line",
    "directedLinear": "line, one way",
    "polygon": "area",
}
_REGULATION_KINDS = ("generalRegulation", "offListRegulation")
_WHO = {
    "vehicleCharacteristics",
    "permitCondition",
    "occupantCondition",
    "driverCondition",
    "nonVehicularRoadUserCondition",
    "accessCondition",
}
_SKIPPED = {"negate", "operator", "conditions", "conditionSet", "condition", "timeValidity"}


@dataclass(frozen=True)
class Fact:
    """One labelled value of a provision: a row of its summary card, a field of a diff."""

    label: str
    value: str


@dataclass
class PlaceSummary:
    description: str
    shape: str
    streets: list[str] = field(default_factory=list)
    direction: str = ""

    @property
    def text(self) -> str:
        details = [self.shape, self.direction.lower(), *self.streets]
        return f"{self.description} ({', '.join(d for d in details if d)})"


@dataclass
class ProvisionSummary:
    number: int
    reference: str
    description: str
    action: str = ""
    action_code: str = ""
    stage: str = ""
    what: list[str] = field(default_factory=list)
    places: list[PlaceSummary] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    except_times: list[str] = field(default_factory=list)
    comes_into_force: str = ""
    for_whom: list[str] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Provision {self.number}: {self.description}"

    def facts(self) -> list[Fact]:
        """The summary as labelled values, in reading order; empty parts left out (except
        the end date: "No end date" is worth saying)."""
        rows = [
            Fact("Description", self.description),
            Fact("What", joined(self.what)),
            Fact("Stage", self.stage),
            Fact("Comes into force", self.comes_into_force),
            Fact("Applies from", joined(self.starts)),
            Fact("Applies until", joined(self.ends) or "No end date"),
            Fact("Days and times", "; ".join(self.times)),
            Fact("Except at", "; ".join(self.except_times)),
            Fact("Applies to", "; ".join(self.for_whom)),
            Fact("Exemptions", "; ".join(self.exemptions)),
            Fact("Other conditions", "; ".join(self.conditions)),
        ]
        return [fact for fact in rows if fact.value]


@dataclass
class OrderSummary:
    name: str
    statement: str
    section: str
    made: str
    comes_into_force: str
    action: str
    provision_count: int

    def facts(self) -> list[Fact]:
        rows = [
            Fact("Name", self.name),
            Fact("Statement", self.statement),
            Fact("Section", self.section),
            Fact("Made", self.made),
            Fact("Comes into force", self.comes_into_force),
            Fact("Change", self.action),
        ]
        return [fact for fact in rows if fact.value]


def version_of(document: Any) -> str | None:
    """The data-spec version an envelope says it follows, or None."""
    version = document.get("schemaVersion") if isinstance(document, dict) else None
    return str(version) if version else None


def summarise_order(document: Any) -> OrderSummary:
    source = source_of(document) or {}
    version = version_of(document)
    action = source.get("actionType")
    return OrderSummary(
        name=str(source.get("troName") or source.get("TroName") or ""),
        statement=str(source.get("statementDescription") or ""),
        section=str(source.get("section") or ""),
        made=phrases.day_of(source.get("madeDate")),
        comes_into_force=phrases.day_of(source.get("comingIntoForceDate")),
        action=label(action, "sourceActionType", version) if action else "",
        provision_count=len(provision_list_of(document)),
    )


def _place(place: dict[str, Any], version: str | None) -> PlaceSummary:
    geometries = geometries_of(place)
    shapes = [SHAPES.get(member, member) for member, _ in geometries]
    streets: list[str] = []
    direction = ""
    for member, _ in geometries:
        geometry = place[member]
        references = [
            *as_list(geometry.get("externalReference")),
            *as_list(geometry.get("intermediateLocation")),
        ]
        for reference in references:
            for street in as_list(reference.get("uniqueStreetReferenceNumber")):
                if isinstance(street, dict):
                    name = street.get("nsgStreetName")
                    usrn = street.get("usrn")
                    streets.append(f"{name}, USRN {usrn}" if name else f"USRN {usrn}")
        if geometry.get("direction") not in (None, "bidirectional"):
            direction = label(geometry["direction"], "linearDirectionType", version)
    return PlaceSummary(
        description=str(place.get("description") or "Unnamed place"),
        shape=joined(shapes) or "no shape drawn",
        streets=list(dict.fromkeys(streets)),
        direction=direction,
    )


def _regulation_words(regulation: dict[str, Any], version: str | None) -> list[str]:
    words = []
    for key in _REGULATION_KINDS:
        value = regulation.get(key)
        if not isinstance(value, dict):
            continue
        if key == "offListRegulation":
            words.append(str(value.get("regulationShortName") or "A regulation not on the list"))
        else:
            words.append(label(value.get("regulationType"), "regulationType", version))
    speed = regulation.get("speedLimitValueBased")
    if isinstance(speed, dict):
        kind = label(speed.get("type"), "speedLimitValueType", version)
        nature = speed.get("nature")
        nature_text = (
            f" ({label(nature, 'speedLimitNatureType', version).lower()})" if nature else ""
        )
        words.append(f"{kind}: {speed.get('mphValue')} mph{nature_text}")
    profile = regulation.get("speedLimitProfileBased")
    if isinstance(profile, dict):
        words.append(label(profile.get("type"), "speedLimitProfileType", version))
    for temporary in as_list(regulation.get("temporaryProvision")):
        overridden = (
            temporary.get("temporaryOverriddenProvision") if isinstance(temporary, dict) else None
        )
        if isinstance(overridden, dict):
            words.append(f"Temporarily overrides provision {overridden.get('reference')}")
    return words


class _Conditions:
    """Walks a condition tree, sorting each condition into the summary's parts. A negated
    condition is an exemption (or, for times, when it does not apply)."""

    def __init__(self, summary: ProvisionSummary, version: str | None) -> None:
        self.summary = summary
        self.version = version

    def walk(self, node: Any, negated: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item, negated)
            return
        if not isinstance(node, dict):
            return
        negated = negated != (node.get("negate") is True)
        children = node.get("conditions")
        if children is not None:
            self._set(node.get("operator"), as_list(children), negated)
        for key in ("conditionSet", "condition"):
            if key in node:
                self.walk(node[key], negated)
        if isinstance(node.get("timeValidity"), dict):
            self._time(node["timeValidity"], negated)
        for key, value in node.items():
            if key in _SKIPPED:
                continue
            text = phrases.condition_phrase(key, value, self.version)
            if not text:
                continue
            if negated:
                self.summary.exemptions.append(text)
            elif key in _WHO:
                self.summary.for_whom.append(text)
            else:
                self.summary.conditions.append(text)

    def _set(self, operator: Any, children: list[Any], negated: bool) -> None:
        """A set whose operator is "or": what it adds to each part reads "a or b"."""
        if operator not in ("or", "xor", "xOr"):
            self.walk(children, negated)
            return
        parts = ("for_whom", "exemptions", "conditions", "times")
        before = {part: len(getattr(self.summary, part)) for part in parts}
        self.walk(children, negated)
        for part in parts:
            items: list[str] = getattr(self.summary, part)
            added = items[before[part] :]
            if len(added) > 1:
                either = " or " if operator == "or" else " or (not both) "
                tail = [item[:1].lower() + item[1:] for item in added[1:]]
                items[before[part] :] = [either.join([added[0], *tail])]

    def _time(self, validity: dict[str, Any], negated: bool) -> None:
        summary, version = self.summary, self.version
        periods = [phrases.period(p, version) for p in as_list(validity.get("validPeriod"))]
        exceptions = [phrases.period(p, version) for p in as_list(validity.get("exceptionPeriod"))]
        if negated:
            span = f"{phrases.when(validity.get('start'))} to {phrases.when(validity.get('end'))}"
            summary.except_times.append(joined(p for p in periods if p) or span)
            return
        if validity.get("isPlaceholderTro") is True:
            summary.starts.append("Not known yet (a placeholder date)")
        elif validity.get("start"):
            summary.starts.append(phrases.when(validity["start"]))
        if validity.get("end"):
            summary.ends.append(phrases.when(validity["end"]))
        stay = validity.get("maxStayNoReturn")
        if isinstance(stay, dict):
            periods.append(phrases.stay_limit(stay).capitalize())
        summary.times += [p for p in periods if p]
        summary.except_times += [p for p in exceptions if p]


def summarise_provision(provision: Any, number: int, version: str | None) -> ProvisionSummary:
    if not isinstance(provision, dict):
        return ProvisionSummary(number=number, reference="", description="Not readable")
    action = provision.get("actionType")
    stage = provision.get("orderReportingPoint")
    summary = ProvisionSummary(
        number=number,
        reference=str(provision.get("reference") or ""),
        description=str(provision.get("provisionDescription") or "No description"),
        action=label(action, "provisionActionType", version) if action else "",
        action_code=str(action or ""),
        stage=label(stage, "orderReportingPointType", version) if stage else "",
        comes_into_force=phrases.day_of(provision.get("comingIntoForceDate")),
        places=[_place(place, version) for place in places_of(provision, lone=True)],
    )
    walker = _Conditions(summary, version)
    for regulation in as_list(provision.get("regulation")):
        if not isinstance(regulation, dict):
            continue
        summary.what += _regulation_words(regulation, version)
        for key in ("conditionSet", "condition"):
            walker.walk(regulation.get(key))
    return summary


def summarise(document: Any, *, start: int = 0, limit: int | None = None) -> list[ProvisionSummary]:
    """A summary per provision, numbered from 1 in document order; `start` and `limit`
    pick a page of them."""
    version = version_of(document)
    provisions = provision_list_of(document)
    end = len(provisions) if limit is None else start + limit
    return [
        summarise_provision(provision, index + 1, version)
        for index, provision in enumerate(provisions[start:end], start=start)
    ]
