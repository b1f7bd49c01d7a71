"""Finding out what the service already holds before sending anything again.

A create whose response never arrived (timeout, dropped connection, 5xx after sending)
may have been applied; so may one the service calls a duplicate. Before resending we
search for what was *sent*: records of this TRA bearing the name the revision carried
(never the D-TRO's name now, which a later draft may have changed), published since shortly
before the first send, GET each candidate and compare payload hashes. A match not already
owned by another of our D-TROs is adopted as ours.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from dtro_app.client import DtroClient, parse_service_id
from dtro_app.client.errors import PermanentError, TooLargeToRead, too_large_to_read
from dtro_app.models import Dtro, Submission
from dtro_app.models.dtros import document_hash, tro_name_of
from dtro_app.publishing import provision_plan

logger = logging.getLogger(__name__)

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
    unreadable: list[uuid.UUID] = []
    for page in range(1, MAX_PAGES + 1):
        found = client.search({"page": page, "pageSize": PAGE_SIZE, "queries": [query]}) or {}
        results = found.get("results") or []
        for item in results:
            candidate = parse_service_id(item.get("id") if isinstance(item, dict) else None)
            if candidate is None or candidate in taken:
                continue
            try:
                record = client.get(candidate)
            except PermanentError as error:
                if not too_large_to_read(error):
                    raise
                unreadable.append(candidate)
                continue
            if matches(record) if matches else holds_payload(record, envelope):
                return candidate
        if len(results) < PAGE_SIZE or page * PAGE_SIZE >= int(found.get("totalCount") or 0):
            break
    # The record a first part made is within 10 MB, so readable: an unreadable one is not it.
    return None if matches else _unreadable_match(submission, unreadable)


def _unreadable_match(submission: Submission, unreadable: list[uuid.UUID]) -> uuid.UUID | None:
    """A record over 10 MB cannot be read back to compare (GET answers 502 TooBigBody,
    research #118). The one such record of this TRA, bearing the name our create carried,
    published since just before it was first sent and not another D-TRO's, is taken for it:
    sending again would publish the order twice. More than one cannot be told apart."""
    if not unreadable:
        return None
    if len(unreadable) > 1:
        raise TooLargeToRead(
            f"The D-TRO service holds {len(unreadable)} records that may be this order, each "
            "too large for it to send back (over 10 MB), so the portal cannot tell which. "
            "Check them with DfT before retrying or cancelling"
        )
    logger.warning(
        "Submission %s taken as record %s by TRA, name and time: the service cannot send it "
        "back to compare",
        submission.pk,
        unreadable[0],
    )
    return unreadable[0]


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
