"""`eventType` on /events selects records, as the service does, not single events.

A record with an event of the asked type in the window is expanded into all of its events.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sandbox_helpers import TRA, Api

pytestmark = pytest.mark.django_db


def events(api: Api, start: datetime, event_type: str) -> Any:
    return api.post(
        "events",
        {
            "page": 1,
            "pageSize": 50,
            "since": start.strftime("%Y-%m-%dT%H:%M:%S"),
            "to": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "traCreator": TRA,
            "eventType": event_type,
        },
    )


def test_event_type_selects_records_and_keeps_all_their_events(
    publisher: Api, document: dict
) -> None:
    start = datetime.now(UTC) - timedelta(seconds=2)
    updated_id = publisher.create(document)
    changed = copy.deepcopy(document)
    changed["data"]["source"]["troName"] += " (changed)"
    assert publisher.put(f"dtros/updateFromBody/{updated_id}", changed).status_code == 200
    other = copy.deepcopy(document)
    other["data"]["source"]["troName"] += " (never updated)"
    created_only_id = publisher.create(other)

    updates = events(publisher, start, "update")
    assert updates.status_code == 200
    assert [(e["id"], e["eventType"]) for e in updates.json()["events"]] == [
        (updated_id, "update"),
        (updated_id, "create"),
    ]

    creates = events(publisher, start, "create").json()["events"]
    assert {(e["id"], e["eventType"]) for e in creates} == {
        (updated_id, "update"),
        (updated_id, "create"),
        (created_only_id, "create"),
    }

    assert events(publisher, start, "delete").status_code == 404
