"""What an amendment or revocation changes, field by field, against the published version.

Provisions are matched by their `reference`, never by position, so a provision inserted
before others does not make every later one look changed. The fields compared are the
summary's own (`summary.Fact`), so the rows read as the summary cards do. Places within a
provision have no reference of their own and are matched by position.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from dtro_app.approvals.phrases import number
from dtro_app.approvals.summary import (
    SHAPES,
    Fact,
    PlaceSummary,
    summarise_order,
    summarise_provision,
    version_of,
)
from dtro_validation.document_parts import (
    GEOMETRY_MEMBERS,
    geometries_of,
    places_of,
    provision_list_of,
    source_of,
)
from dtro_validation.geometry import GeometryError, read_ewkt

#: More rows than a supervisor can read on one page; the rest are counted, not shown.
MAX_ROWS = 200
_REVOKED = {"fullRevoke"}


@dataclass(frozen=True)
class Change:
    """One row of "what changes": a field's value before and after (`changed`), a whole
    part's fate (`added`, `removed`, `revoked`) or a note (`note`: a place moved)."""

    part: str
    what: str
    before: str = ""
    after: str = ""
    reference: str = ""
    kind: str = "changed"
    #: More about a fate: "all 3 provisions".
    detail: str = ""

    @property
    def text(self) -> str:
        """ "Provision 2 (ref abc): Applies until: 30 May 2025 → 30 June 2025"."""
        head = f"{self.part} (ref {self.reference})" if self.reference else self.part
        if self.kind == "changed":
            return f"{head}: {self.what}: {self.before or 'none'} → {self.after or 'none'}"
        if self.kind == "note":
            return f"{head}: {self.what}"
        return f"{head} {self.what} ({self.detail})" if self.detail else f"{head} {self.what}"


@dataclass
class WhatChanges:
    rows: list[Change] = field(default_factory=list)
    #: How many rows there were in all (more than `rows` when they were cut at MAX_ROWS).
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0


def _fact_changes(
    before: list[Fact], after: list[Fact], part: str, reference: str = ""
) -> list[Change]:
    old = {fact.label: fact.value for fact in before}
    new = {fact.label: fact.value for fact in after}
    labels = list(dict.fromkeys([*new, *old]))
    return [
        Change(part, label, old.get(label, ""), new.get(label, ""), reference)
        for label in labels
        if old.get(label, "") != new.get(label, "")
    ]


def _moved_by(old: str, new: str) -> str:
    """How far a place moved at most (Hausdorff distance, metres on the national grid)."""
    try:
        distance = read_ewkt(old).hausdorff_distance(read_ewkt(new))
    except (GeometryError, ValueError, TypeError):
        return ""
    if not distance:
        return ""
    # Whole metres read better once the move is more than a nudge.
    return f"by up to {number(round(distance, 1) if distance < 10 else round(distance))} m"


def _same_shape(old: str, new: str) -> bool:
    if old == new:
        return True
    try:
        return bool(read_ewkt(old).equals_exact(read_ewkt(new), 0.0005))
    except (GeometryError, ValueError, TypeError):
        return False


def _place_changes(
    old_place: dict[str, Any],
    new_place: dict[str, Any],
    old_summary: PlaceSummary,
    new_summary: PlaceSummary,
    part: str,
) -> list[Change]:
    rows = []
    if old_summary.description != new_summary.description:
        rows.append(Change(part, "Description", old_summary.description, new_summary.description))
    old_shapes, new_shapes = geometries_of(old_place), geometries_of(new_place)
    if [m for m, _ in old_shapes] != [m for m, _ in new_shapes]:
        rows.append(Change(part, "Shape", old_summary.shape, new_summary.shape))
    else:
        for (member, old_text), (_, new_text) in zip(old_shapes, new_shapes, strict=True):
            if not _same_shape(old_text, new_text):
                moved = _moved_by(old_text, new_text)
                what = f"{SHAPES.get(member, 'shape')} moved"
                rows.append(Change(part, f"{what} ({moved})" if moved else what, kind="note"))
    if old_summary.direction != new_summary.direction:
        rows.append(
            Change(
                part,
                "Direction",
                old_summary.direction or "Both ways",
                new_summary.direction or "Both ways",
            )
        )
    if old_summary.streets != new_summary.streets:
        rows.append(
            Change(part, "Streets", ", ".join(old_summary.streets), ", ".join(new_summary.streets))
        )
    return rows


def _provision_changes(
    old: dict[str, Any], new: dict[str, Any], number_: int, version: str | None
) -> list[Change]:
    part = f"Provision {number_}"
    reference = str(new.get("reference") or "")
    old_summary = summarise_provision(old, number_, version)
    new_summary = summarise_provision(new, number_, version)
    rows = _fact_changes(old_summary.facts(), new_summary.facts(), part, reference)
    old_places, new_places = places_of(old, lone=True), places_of(new, lone=True)
    for index in range(max(len(old_places), len(new_places))):
        place_part = f"Place {index + 1} of provision {number_}"
        if index >= len(old_places):
            rows.append(Change(place_part, "added", reference=reference, kind="added"))
        elif index >= len(new_places):
            rows.append(Change(place_part, "removed", reference=reference, kind="removed"))
        else:
            rows += [
                Change(row.part, row.what, row.before, row.after, reference, row.kind)
                for row in _place_changes(
                    old_places[index],
                    new_places[index],
                    old_summary.places[index],
                    new_summary.places[index],
                    place_part,
                )
            ]
    if not rows and _without_shapes(old) != _without_shapes(new):
        # Something the summary does not show (a flag, a rate table's detail).
        rows.append(
            Change(part, "Other details changed: see the JSON", reference=reference, kind="note")
        )
    return rows


def _without_shapes(provision: dict[str, Any]) -> dict[str, Any]:
    """The provision without its action type and geometry texts (compared as shapes)."""
    stripped = copy.deepcopy(_without_action(provision))
    for place in places_of(stripped, lone=True):
        for member, text_key in GEOMETRY_MEMBERS.items():
            if isinstance(place.get(member), dict):
                place[member].pop(text_key, None)
    return stripped


def _without_action(provision: Any) -> Any:
    if not isinstance(provision, dict):
        return provision
    return {key: value for key, value in provision.items() if key != "actionType"}


def _is_full_revocation(document: Any) -> bool:
    source = source_of(document) or {}
    provisions = provision_list_of(document)
    return source.get("actionType") == "fullRevoke" or bool(
        provisions
        and all(isinstance(p, dict) and p.get("actionType") in _REVOKED for p in provisions)
    )


def _compare(published: Any, proposed: Any, limit: int) -> list[Change]:
    version = version_of(proposed)
    old_order, new_order = summarise_order(published), summarise_order(proposed)
    rows = _fact_changes(
        [f for f in old_order.facts() if f.label != "Change"],
        [f for f in new_order.facts() if f.label != "Change"],
        "The order",
    )
    new_provisions = provision_list_of(proposed)
    if _is_full_revocation(proposed):
        count = len(new_provisions)
        every = f"all {count} provisions" if count != 1 else "its one provision"
        return [Change("The whole order", "revoked", kind="revoked", detail=every), *rows]
    published_by_reference: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, provision in enumerate(provision_list_of(published)):
        if isinstance(provision, dict):
            published_by_reference.setdefault(str(provision.get("reference")), (index, provision))
    seen: set[str] = set()
    for index, provision in enumerate(new_provisions):
        if not isinstance(provision, dict):
            continue
        reference = str(provision.get("reference"))
        seen.add(reference)
        part = f"Provision {index + 1}"
        found = published_by_reference.get(reference)
        if provision.get("actionType") in _REVOKED:
            rows.append(Change(part, "revoked", reference=reference, kind="revoked"))
        elif found is None:
            rows.append(Change(part, "added", reference=reference, kind="added"))
        elif _without_action(found[1]) != _without_action(provision):
            if len(rows) >= limit:
                # Past what the page lists: counted, one row per provision, not worked out.
                rows.append(Change(part, "changed", reference=reference, kind="note"))
            else:
                rows += _provision_changes(found[1], provision, index + 1, version)
    for reference, (index, _) in published_by_reference.items():
        if reference not in seen:
            rows.append(
                Change(
                    f"Provision {index + 1} of the published order",
                    "removed",
                    reference=reference,
                    kind="removed",
                )
            )
    return rows


def what_changes(published: Any, proposed: Any, *, limit: int = MAX_ROWS) -> WhatChanges:
    """The rows of "what changes" from `published` to `proposed` (both envelopes): the
    first `limit` of them, and how many there are (past `limit`, a changed provision counts
    as one row, however many of its fields changed)."""
    rows = _compare(published, proposed, limit)
    return WhatChanges(rows=rows[:limit], total=len(rows))
