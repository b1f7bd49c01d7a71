"""Creating an order too large for one request: the record with its source and the provisions
that fit, then provision-level calls adding the rest, each request under the gateway's limit.

Exactly once across runs: a later run (after an unknown outcome or a failure part-way) never
creates again blindly. It searches for the record its first part made (same source, and
every provision it holds is one of ours), reads which provisions it holds by reference, and
adds only the others. Ids the service gives new provisions are kept as soon as they arrive.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from dtro_app.client import DtroClient, parse_service_id
from dtro_app.client.errors import DuplicateError, UnknownOutcomeError
from dtro_app.models import Dtro, Submission
from dtro_app.publishing import provision_delivery, provision_plan, reconcile, sizing


@dataclass(frozen=True)
class Created:
    service_id: uuid.UUID
    adopted: bool
    message: str
    provision_ids: dict[str, str]


class NoRecord(Exception):
    """The first part was refused as a duplicate, yet no record of ours holds it."""


def started_from(record: Any, first: dict[str, Any], whole: dict[str, Any]) -> bool:
    """Whether `record` (GET /dtros/{id}) began as our first part: the same source outside
    the provisions, the first part's provisions all there, and nothing not in the order."""
    if not isinstance(record, dict):
        return False
    if provision_plan.outside_provisions(record) != provision_plan.outside_provisions(first):
        return False
    held = provision_plan.by_reference(record)
    wanted = provision_plan.by_reference(whole) or {}
    firsts = provision_plan.by_reference(first) or {}
    if held is None or not firsts.keys() <= held.keys():
        return False
    return all(
        reference in wanted and provision_plan.same_provision(provision, wanted[reference])
        for reference, provision in held.items()
    )


def create(
    client: DtroClient, submission: Submission, split: sizing.Split, *, rerun: bool
) -> Created:
    whole = submission.revision.document

    def ours(record: Any) -> bool:
        return started_from(record, split.first, whole)

    service_id = (
        reconcile.find_created(client, submission, sent=split.first, matches=ours)
        if rerun
        else None
    )
    if service_id is None:
        try:
            answer = client.create_from_body(split.first)
        except DuplicateError:
            service_id = reconcile.find_created(client, submission, sent=split.first, matches=ours)
            if service_id is None:
                raise NoRecord from None
        else:
            service_id = parse_service_id((answer or {}).get("id"))
            if service_id is None:
                raise UnknownOutcomeError(
                    "The D-TRO service created the record without telling its id"
                )
            return _add_rest(client, submission.dtro_id, service_id, split.batches, fresh=True)
    # The record exists: add only what it does not hold yet.
    held = provision_plan.by_reference(client.get(service_id)) or {}
    wanted = provision_plan.by_reference(whole) or {}
    missing = [provision for reference, provision in wanted.items() if reference not in held]
    batches = sizing.batches_within(missing) or []
    return _add_rest(client, submission.dtro_id, service_id, batches, fresh=False)


def _add_rest(
    client: DtroClient,
    dtro_id: int,
    service_id: uuid.UUID,
    batches: list[list[dict[str, Any]]],
    *,
    fresh: bool,
) -> Created:
    for batch in batches:
        created = client.create_provisions(service_id, batch)
        given = {
            str(provision["reference"]): str(pid)
            for provision, pid in zip(batch, created, strict=True)
        }
        provision_delivery.keep_ids(dtro_id, given)  # now, in case a later call goes wrong
    kept = dict(Dtro.objects.only("provision_ids").get(pk=dtro_id).provision_ids)
    if fresh:
        message = f"Created in {1 + len(batches)} parts: the record, then " + _calls(batches)
    elif batches:
        message = (
            "Checked with the D-TRO service: the record's first part was already created, "
            f"so the rest was added in {_calls(batches)}"
        )
    else:
        message = "Checked with the D-TRO service: every part had already been created"
    return Created(
        service_id, adopted=not fresh and not batches, message=message, provision_ids=kept
    )


def _calls(batches: list[list[dict[str, Any]]]) -> str:
    added = sum(len(batch) for batch in batches)
    calls = (
        "1 provision-level call" if len(batches) == 1 else f"{len(batches)} provision-level calls"
    )
    return f"{calls} adding {added:,} provisions"
