"""Finding out what the service already holds before sending anything again.

A create whose response never arrived (timeout, dropped connection, 5xx after sending)
may have been applied; so may one the service calls a duplicate. Before resending we
search for what was *sent*: records of this TRA bearing the name the revision carried
(never the D-TRO's name now, which a later draft may have changed), published since shortly
before the first send, GET each candidate and compare payload hashes. A match not already
owned by another of our D-TROs is adopted as ours.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from dtro_app.client import DtroClient, parse_service_id
from dtro_app.client.errors import PermanentError, too_large_to_read
from dtro_app.models import Dtro, Submission
from dtro_app.models.dtros import document_hash, tro_name_of
from dtro_app.publishing import provision_plan

# Clocks differ and the service stamps records when it commits; look a little earlier.
SEARCH_MARGIN = timedelta(minutes=10)
PAGE_SIZE = 50
MAX_PAGES = 20


def payload_hash(envelope: Any) -> str:
    if not isinstance(envelope, dict):
        return document_hash(envelope)
    return document_hash(
        {"schemaVersion": envelope.get("schemaVersion"), "data": envelope.get("data")}
    )


def holds_payload(record: Any, envelope: dict[str, Any]) -> bool:
    """Whether a record returned by GET /dtros/{id} carries exactly this envelope."""
    return isinstance(record, dict) and payload_hash(record) == payload_hash(envelope)


def sent_name(envelope: Any) -> str:
    """The order's name as a request carrying this envelope sent it."""
    return tro_name_of(envelope) if isinstance(envelope, dict) else ""


def find_created(
    client: DtroClient,
    submission: Submission,
    *,
    sent: dict[str, Any] | None = None,
    matches: Callable[[Any], bool] | None = None,
) -> uuid.UUID | None:
    """The id of the record our create produced, if the service holds one.

    `sent` is what the create carried when it was not the whole revision (the first part
    of an order created in parts); `matches` tells that record from others."""
    envelope = sent or submission.revision.document
    since = (submission.first_sent_at or submission.created_at) - SEARCH_MARGIN
    query: dict[str, Any] = {
        "traCreator": submission.authority.code,
        "publicationTime": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    name = sent_name(envelope)
    if name:
        query["troName"] = name
    taken = set(
        Dtro.objects.exclude(pk=submission.dtro_id)
        .filter(service_id__isnull=False)
        .values_list("service_id", flat=True)
    )
    for page in range(1, MAX_PAGES + 1):
        found = client.search({"page": page, "pageSize": PAGE_SIZE, "queries": [query]}) or {}
        results = found.get("results") or []
        for item in results:
            candidate = parse_service_id(item.get("id") if isinstance(item, dict) else None)
            if candidate is None or candidate in taken:
                continue
            record = client.get(candidate)
            if matches(record) if matches else holds_payload(record, envelope):
                return candidate
        if len(results) < PAGE_SIZE or page * PAGE_SIZE >= int(found.get("totalCount") or 0):
            break
    return None


def held_record(client: DtroClient, service_id: uuid.UUID) -> Any:
    """The record as the service holds it, or None when it answers 404."""
    try:
        return client.get(service_id)
    except PermanentError as error:
        if error.status == 404:
            return None
        raise


def holds_update(record: Any, envelope: dict[str, Any]) -> bool:
    """Whether a record carries our update, sent whole (the same payload) or provision by
    provision (the same content by reference; untouched provisions keep their old tags)."""
    return holds_payload(record, envelope) or provision_plan.holds(record, envelope)


def update_applied(client: DtroClient, service_id: uuid.UUID, envelope: dict[str, Any]) -> bool:
    """Whether the record already carries what our update sends."""
    return holds_update(held_record(client, service_id), envelope)


def delete_applied(client: DtroClient, service_id: uuid.UUID) -> bool:
    """Whether the record is gone (deleted records answer 404; one too large to send back is
    still there)."""
    try:
        client.get(service_id)
    except PermanentError as error:
        if error.status == 404:
            return True
        if too_large_to_read(error):
            return False
        raise
    return False
