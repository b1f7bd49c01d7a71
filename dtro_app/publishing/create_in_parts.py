"""Creating an order too large for one request: the record with its source and the provisions
that fit, then provision-level calls adding the rest, each request under the gateway's limit.

Exactly once across runs: a later run (after an unknown outcome or a failure part-way) never
creates again blindly. It finds the record its first part made (its id, kept as soon as it
is answered; else a search for the same source, every provision it holds one of ours), reads
which provisions it holds by reference, and adds only the others. Ids the service gives new
provisions are kept as soon as they arrive.

The live gateway cannot send back a record over 10 MB (GET answers 502 TooBigBody, D-TRO
issue #118), and an order created in parts is one. Then what it holds is worked out from the
portal's own records: the provision calls go in the same batches as the first run, every
batch whose ids were kept landed, and one the service refuses because its references are
already there had landed too (its answer was lost).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from dtro_app.client import DtroClient, parse_service_id
from dtro_app.client.errors import (
    ApiError,
    DuplicateError,
    PermanentError,
    UnknownOutcomeError,
    references_already_held,
    too_large_to_read,
)
from dtro_app.models import Dtro, Submission
from dtro_app.publishing import provision_delivery, provision_plan, reconcile, sizing


@dataclass(frozen=True)
class Created:
    service_id: uuid.UUID
    adopted: bool
    message: str
    provision_ids: dict[str, str]


class Refused(Exception):
    """Nothing can be sent (too large even in parts, or not offered), or the service holds
    an identical record that is not ours; `message` tells the officer what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ANOTHER_RECORD = (
    "The service already holds an identical D-TRO that is not this one. "
    "Change this order or delete the other before sending it again."
)


def send(
    client: DtroClient, submission: Submission, way: sizing.Way, *, first_send: bool
) -> Created:
    """An order too large for one request: in parts where provision-level calls are offered,
    else refused before anything is sent."""
    envelope = submission.revision.document
    split = sizing.split_for_create(envelope) if way.kind == sizing.PARTS else None
    if split is None or not provision_delivery.offered(client.credential):
        raise Refused(sizing.TOO_LARGE_MESSAGE.format(size=sizing.megabytes(way.json_bytes)))
    # After the first run a part may have landed whatever the last outcome said: look first.
    rerun = submission.needs_reconciliation or not first_send
    return create(client, submission, split, rerun=rerun)


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
        (
            _first_part_id(submission)
            or reconcile.find_created(client, submission, sent=split.first, matches=ours)
        )
        if rerun
        else None
    )
    if service_id is None:
        try:
            answer = client.create_from_body(split.first)
        except DuplicateError:
            service_id = reconcile.find_created(client, submission, sent=split.first, matches=ours)
            if service_id is None:
                raise Refused(ANOTHER_RECORD) from None
        else:
            service_id = parse_service_id((answer or {}).get("id"))
            if service_id is None:
                raise UnknownOutcomeError(
                    "The D-TRO service created the record without telling its id"
                )
            # Kept now: a later run finds the record by it, even one too large to read back.
            Submission.objects.filter(pk=submission.pk).update(service_id=service_id)
            with _part_landed():
                return _add_rest(client, submission.dtro_id, service_id, split.batches, fresh=True)
    with _part_landed():
        return _resume(client, submission, service_id, split)


def _first_part_id(submission: Submission) -> uuid.UUID | None:
    return Submission.objects.filter(pk=submission.pk).values_list("service_id", flat=True).first()


def finish_if_started(client: DtroClient, submission: Submission) -> Created | None:
    """Before a cancel: when the service holds part of this order, the rest (cancelling would
    leave a record nobody approved); None when it holds none of it."""
    envelope = submission.revision.document
    way = sizing.choose(envelope)
    split = sizing.split_for_create(envelope) if way.kind == sizing.PARTS else None
    if split is None or not provision_delivery.offered(client.credential):
        return None
    first = split.first
    service_id = _first_part_id(submission) or reconcile.find_created(
        client, submission, sent=first, matches=lambda held: started_from(held, first, envelope)
    )
    if service_id is None:
        return None
    with _part_landed():
        return _resume(client, submission, service_id, split)


def _resume(
    client: DtroClient, submission: Submission, service_id: uuid.UUID, split: sizing.Split
) -> Created:
    """The record exists: add only the provisions it does not hold yet."""
    try:
        record = client.get(service_id)
    except ApiError as error:
        if not too_large_to_read(error):
            raise
        return _resume_unread(client, submission.dtro_id, service_id, split.batches)
    held = provision_plan.by_reference(record) or {}
    wanted = provision_plan.by_reference(submission.revision.document) or {}
    missing = [provision for reference, provision in wanted.items() if reference not in held]
    batches = sizing.batches_within(missing) or []
    return _add_rest(client, submission.dtro_id, service_id, batches, fresh=False)


def _resume_unread(
    client: DtroClient,
    dtro_id: int,
    service_id: uuid.UUID,
    batches: list[list[dict[str, Any]]],
) -> Created:
    """The record is too large to read back: resend the first run's batches whose ids were
    not kept; the service refusing one for references it already holds means it landed."""
    kept = _kept(dtro_id)
    unanswered = [b for b in batches if not all(str(p["reference"]) in kept for p in b)]
    sent: list[list[dict[str, Any]]] = []
    landed = 0
    for batch in unanswered:
        try:
            _add(client, dtro_id, service_id, batch)
        except PermanentError as error:
            if not references_already_held(error):
                raise
            landed += 1
        else:
            sent.append(batch)
    if not sent:  # every part was there: said as a rerun that finds them all says it
        return _add_rest(client, dtro_id, service_id, [], fresh=False)
    message = (
        "Checked with the D-TRO service (the record is too large for it to send back, so by "
        f"the portal's own records): {_calls(sent)} added the rest"
        + (f"; {landed} earlier call{'s' if landed != 1 else ''} had landed" if landed else "")
    )
    return Created(service_id, adopted=False, message=message, provision_ids=_kept(dtro_id))


@contextmanager
def _part_landed() -> Iterator[None]:
    """Once part of the order is at the service, any failure leaves an outcome to check:
    the next run (or a cancel) asks the service first instead of sending or giving up."""
    try:
        yield
    except UnknownOutcomeError:
        raise
    except ApiError as error:
        raise UnknownOutcomeError(
            f"{error.message}. Part of the order has reached the D-TRO service: the next try "
            "checks what it holds and sends only the rest",
            status=error.status,
            retry_after=error.retry_after,
        ) from error


def _add_rest(
    client: DtroClient,
    dtro_id: int,
    service_id: uuid.UUID,
    batches: list[list[dict[str, Any]]],
    *,
    fresh: bool,
) -> Created:
    for batch in batches:
        _add(client, dtro_id, service_id, batch)
    kept = _kept(dtro_id)
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


def _add(
    client: DtroClient, dtro_id: int, service_id: uuid.UUID, batch: list[dict[str, Any]]
) -> None:
    """One provision-level call; the ids it answers are kept at once, in case a later call
    goes wrong."""
    created = client.create_provisions(service_id, batch)
    given = {
        str(provision["reference"]): str(pid) for provision, pid in zip(batch, created, strict=True)
    }
    provision_delivery.keep_ids(dtro_id, given)


def _kept(dtro_id: int) -> dict[str, str]:
    return dict(Dtro.objects.only("provision_ids").get(pk=dtro_id).provision_ids)


def _calls(batches: list[list[dict[str, Any]]]) -> str:
    added = sum(len(batch) for batch in batches)
    calls = (
        "1 provision-level call" if len(batches) == 1 else f"{len(batches)} provision-level calls"
    )
    return f"{calls} adding {added:,} provisions"
