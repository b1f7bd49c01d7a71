"""What one delivery run sends: a create, an update or a delete, each sent once and checked
with the service first where an earlier send may have landed; or, for a cancel, only the check.

The runner (`publishing.runner`) claims the row and records the outcome; this decides the calls.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from dtro_app.client import DtroClient, parse_service_id
from dtro_app.client.errors import DuplicateError, PermanentError
from dtro_app.models import ChangeAction, Submission
from dtro_app.publishing import (
    create_in_parts,
    outbox,
    provision_delivery,
    reconcile,
    sizing,
)


@dataclass
class Applied:
    service_id: uuid.UUID | None
    adopted: bool
    message: str = ""
    # What the D-TRO's `provision_ids` become (None: unchanged).
    provision_ids: dict[str, str] | None = None


class Cancelled(Exception):
    """A requested cancel found that the service does not hold the change."""


class Rejected(Exception):
    def __init__(self, message: str, issues: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.issues = issues or [{"path": "", "code": "service_rejected", "message": message}]


def check_before_cancel(client: DtroClient, submission: Submission) -> Applied:
    """A supervisor asked to cancel a change whose last send may have landed: ask the
    service, send nothing. Held by the service: published after all; else cancelled
    (an update of which only part landed is completed instead)."""
    service_id = submission.dtro.service_id
    late = "The change had already reached the D-TRO service, so it could not be cancelled"
    if submission.action == ChangeAction.CREATE:
        found = service_id or reconcile.find_created(client, submission)
        if found is not None:
            return Applied(found, adopted=True, message=late)
        finished = create_in_parts.finish_if_started(client, submission)
        if finished is not None:
            message = f"{late}: part of it had landed, so the rest was sent. {finished.message}"
            return Applied(finished.service_id, True, message, finished.provision_ids)
    elif submission.action == ChangeAction.UPDATE:
        found_update = service_id and _update_before_cancel(client, submission, service_id, late)
        if found_update:
            return found_update
    elif service_id is not None and reconcile.delete_applied(client, service_id):
        return Applied(service_id, adopted=True, message=late, provision_ids={})
    raise Cancelled


def _update_before_cancel(
    client: DtroClient, submission: Submission, service_id: uuid.UUID, late: str
) -> Applied | None:
    """The update as found at the service when a cancel was asked for, or None: not there."""
    envelope = submission.revision.document
    held = reconcile.held_record(client, service_id)
    if reconcile.holds_update(held, envelope):
        whole = reconcile.holds_payload(held, envelope)
        return Applied(service_id, True, late, provision_ids={} if whole else None)
    published = submission.dtro.published_revision
    if provision_delivery.partly_applied(held, published and published.document, envelope):
        # Some provision-level calls landed: cancelling would leave the service holding a
        # version nobody approved, so the rest is sent.
        finished = _update(client, submission, service_id, first_send=False)
        message = f"{late}: part of it had landed, so the rest was sent. {finished.message}"
        return Applied(service_id, True, message, provision_ids=finished.provision_ids)
    return None


def apply(client: DtroClient, submission: Submission, *, first_send: bool) -> Applied:
    envelope = submission.revision.document
    service_id = submission.dtro.service_id
    if submission.action == ChangeAction.CREATE:
        if service_id is not None:
            # An earlier create of this D-TRO already landed (an adopted duplicate).
            return Applied(service_id, adopted=True, message="Already created")
        way = sizing.choose(envelope)
        in_parts = provision_delivery.offered(client.credential)
        outbox.plan_requests(submission, sizing.requests_to_create(way, in_parts_offered=in_parts))
        if way.kind in (sizing.PARTS, sizing.TOO_LARGE):
            try:
                made = create_in_parts.send(client, submission, way, first_send=first_send)
            except create_in_parts.Refused as refused:
                raise Rejected(refused.message) from None
            return Applied(made.service_id, made.adopted, made.message, made.provision_ids)
        if submission.needs_reconciliation:
            found = reconcile.find_created(client, submission)
            if found is not None:
                return Applied(found, adopted=True, message="Found the record already created")
        try:
            if way.kind == sizing.GZIP:
                created = client.create_from_file(way.content, "dtro.json", gzip=True)
            else:
                created = client.create_from_body(envelope)
        except DuplicateError:
            found = reconcile.find_created(client, submission)
            if found is None:
                raise Rejected(
                    "The service already holds an identical D-TRO that is not this one. "
                    "Change this order or delete the other before sending it again."
                ) from None
            return Applied(found, adopted=True, message="Duplicate: adopted the existing record")
        new_id = parse_service_id((created or {}).get("id"))
        return Applied(new_id, adopted=False, message=way.sent_message())

    if service_id is None:
        raise Rejected("This D-TRO has no service id: its create was never published.")
    if submission.action == ChangeAction.UPDATE:
        return _update(client, submission, service_id, first_send=first_send)

    # Delete.
    if submission.needs_reconciliation and reconcile.delete_applied(client, service_id):
        return Applied(service_id, adopted=True, message="Already deleted", provision_ids={})
    try:
        client.delete(service_id)
    except PermanentError as error:
        if error.status == 404:
            return Applied(service_id, True, "Already deleted", provision_ids={})
        raise
    return Applied(service_id, adopted=False, provision_ids={})


def _update(
    client: DtroClient, submission: Submission, service_id: uuid.UUID, *, first_send: bool
) -> Applied:
    """Provision by provision where that is offered and worth it, else the whole record.

    A whole-record update clears the kept provision ids: the service may renumber them."""
    envelope = submission.revision.document
    landed = "The update had already landed"
    # After the first run, calls of a provision-level change may have landed: look first.
    rerun = submission.needs_reconciliation or (
        not first_send and provision_delivery.offered(client.credential)
    )
    held = reconcile.held_record(client, service_id) if rerun else None
    if held is not None and reconcile.holds_payload(held, envelope):
        return Applied(service_id, adopted=True, message=landed, provision_ids={})
    sent = provision_delivery.send(client, submission, service_id, held=held, rerun=rerun)
    if isinstance(sent, provision_delivery.Sent):
        return Applied(service_id, sent.adopted, sent.message, sent.provision_ids)
    if held is not None and reconcile.holds_update(held, envelope):
        return Applied(service_id, adopted=True, message=landed, provision_ids={})
    outbox.plan_requests(submission, 1)  # the whole record: one request
    way = sizing.choose(envelope)
    if way.kind in (sizing.PARTS, sizing.TOO_LARGE):
        # Provision-level calls were not possible (or declined): nothing can carry it whole.
        reason = f" ({sent.reason})" if sent.reason else ""
        raise Rejected(
            sizing.TOO_LARGE_MESSAGE.format(size=sizing.megabytes(way.json_bytes))
            + f" It cannot go as changes to single provisions either{reason}."
        )
    try:
        if way.kind == sizing.GZIP:
            client.update_from_file(service_id, way.content, "dtro.json", gzip=True)
        else:
            client.update_from_body(service_id, envelope)
    except DuplicateError:
        if reconcile.update_applied(client, service_id, envelope):
            return Applied(service_id, adopted=True, message=landed, provision_ids={})
        raise Rejected(provision_delivery.ANOTHER_RECORD) from None
    whole = f"Accepted by the D-TRO service as the whole record: {sent.reason}"
    message = ". ".join(m for m in (way.sent_message(), whole if sent.reason else "") if m)
    return Applied(service_id, False, message, provision_ids={})
