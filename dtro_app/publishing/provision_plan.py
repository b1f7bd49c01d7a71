"""Whether an update can go as provision-level calls, and which calls: pure, no I/O.

Two documents are compared provision by provision, matched by `reference`. A provision the
new document tags `noChange` whose content is otherwise equal is unchanged: the service
keeps the tag it was sent with, so "equal" never depends on that tag alone. Everything
outside `source.provision` (the schema version and every other source field, its
`actionType` included) must be equal, because provision-level calls cannot change it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dtro_app.publishing import sizing
from dtro_validation.document_parts import PROVISION_KEYS, data_of, provision_member, source_of

NO_CHANGE = "noChange"


@dataclass(frozen=True)
class Update:
    reference: str
    provision_id: str
    provision: dict[str, Any]


@dataclass(frozen=True)
class Delete:
    reference: str
    provision_id: str


@dataclass(frozen=True)
class Changes:
    """How the new document's provisions differ from the held one's, by reference."""

    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def none(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True)
class Plan:
    """The calls that turn the held document into the new one: `create` in as few calls
    as keep each request under the gateway's limit (`create_batches`)."""

    create: list[dict[str, Any]] = field(default_factory=list)
    update: list[Update] = field(default_factory=list)
    delete: list[Delete] = field(default_factory=list)

    @cached_property
    def create_batches(self) -> list[list[dict[str, Any]]]:
        if not self.create:
            return []
        # A provision too large on its own goes alone: the service's refusal says why.
        return sizing.batches_within(self.create) or [self.create]

    @property
    def calls(self) -> int:
        return len(self.create_batches) + len(self.update) + len(self.delete)


@dataclass(frozen=True)
class Decision:
    """A plan, or why the whole record is sent instead (`reason`, in plain English)."""

    plan: Plan | None = None
    reason: str = ""


def worth_sending_alone(calls: int, provisions: int) -> bool:
    """The rule: provision-level only with fewer calls than half the new document's provisions.

    Each call is a request against the gateway's shared budget; below half, the calls
    together also carry far fewer bytes than the whole record would."""
    return calls > 0 and calls * 2 < provisions


def outside_provisions(document: Any) -> Any:
    """The envelope's schema version and data with the source's provision list taken out."""
    if not isinstance(document, dict):
        return document
    data = copy.deepcopy(data_of(document))
    source = source_of({"data": data})
    if source is not None:
        for key in PROVISION_KEYS:
            source.pop(key, None)
    return {"schemaVersion": document.get("schemaVersion"), "data": data}


def by_reference(document: Any) -> dict[str, dict[str, Any]] | None:
    """The provisions keyed by reference, or None when they cannot be matched that way
    (no list, an entry that is not an object, a missing, blank or repeated reference)."""
    provisions = provision_member(source_of(document))
    if not isinstance(provisions, list):
        return None
    keyed: dict[str, dict[str, Any]] = {}
    for provision in provisions:
        if not isinstance(provision, dict):
            return None
        reference = provision.get("reference")
        if not isinstance(reference, str) or not reference.strip() or reference in keyed:
            return None
        keyed[reference] = provision
    return keyed


def _without_action(provision: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in provision.items() if key != "actionType"}


def same_provision(held: dict[str, Any], new: dict[str, Any]) -> bool:
    if held == new:
        return True
    return new.get("actionType") == NO_CHANGE and _without_action(held) == _without_action(new)


def changes(held: Any, new: Any) -> Changes | None:
    """The provision changes from `held` to `new`, or None when anything outside the
    provisions differs or the provisions cannot be matched by reference."""
    if outside_provisions(held) != outside_provisions(new):
        return None
    before, after = by_reference(held), by_reference(new)
    if before is None or after is None:
        return None
    added = [p for ref, p in after.items() if ref not in before]
    changed = [
        p for ref, p in after.items() if ref in before and not same_provision(before[ref], p)
    ]
    removed = [ref for ref in before if ref not in after]
    return Changes(added=added, changed=changed, removed=removed)


def holds(held: Any, new: Any) -> bool:
    """Whether a document the service holds carries the new one's content, provision-level
    changes included (their untouched provisions keep the action type they were sent with)."""
    found = changes(held, new)
    return found is not None and found.none


def plan(held: Any, new: Any, known_ids: dict[str, str]) -> Decision:
    """The provision-level calls from `held` to `new`, given the ids the service told us."""
    found = changes(held, new)
    if found is None:
        if by_reference(new) is None or by_reference(held) is None:
            return Decision(reason="its provisions cannot be matched by reference")
        return Decision(reason="it changes more than the provisions")
    unknown = [str(p["reference"]) for p in found.changed if p["reference"] not in known_ids]
    unknown += [ref for ref in found.removed if ref not in known_ids]
    if unknown:
        count = len(unknown)
        return Decision(
            reason=f"the service never told us the id of {count} of the provisions it changes"
            if count > 1
            else "the service never told us the id of a provision it changes"
        )
    result = Plan(
        create=found.added,
        update=[Update(str(p["reference"]), known_ids[p["reference"]], p) for p in found.changed],
        delete=[Delete(ref, known_ids[ref]) for ref in found.removed],
    )
    if result.calls and not worth_sending_alone(result.calls, len(by_reference(new) or {})):
        return Decision(reason=f"{result.calls} provision-level calls would save nothing")
    return Decision(plan=result)


def requests_to_update(decision: Decision) -> int:
    """The requests an update takes: its provision-level calls, or one for the whole record
    (a change needing no call, or refused before sending, still counts one: its turn)."""
    return max(1, decision.plan.calls) if decision.plan is not None else 1


def describe(plan: Plan) -> str:
    """What was sent, for the attempt's message: '2 provision-level calls: 1 provision
    created, 1 updated'."""
    counts = [(len(plan.create), "created"), (len(plan.update), "updated")]
    counts.append((len(plan.delete), "deleted"))
    parts = [f"{number} {verb}" for number, verb in counts if number]
    if not parts:
        return "no calls"
    # The first count names what is counted: "1 provision created, 2 updated".
    first, verb = next((number, verb) for number, verb in counts if number)
    parts[0] = f"{_count(first, 'provision')} {verb}"
    return f"{_count(plan.calls, 'provision-level call')}: {', '.join(parts)}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
