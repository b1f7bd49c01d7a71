"""The history page's "Recorded" column shows when the service recorded each version, not the
moment the page was opened (the service stamps its current version with the time of the read,
and each older one with the time it was replaced)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from dtro_app.catalogue.history_times import stamp_recorded, with_time

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
AMENDED = datetime(2026, 3, 9, 14, 30, tzinfo=UTC)


def recorded_cells(html: str, heading: str) -> list[str]:
    """The "Recorded" times of the table under `heading`, top to bottom."""
    table = re.search(rf"{heading}</h2>\s*<table.*?</table>", html, re.S)
    assert table is not None, heading
    return re.findall(r'<time datetime="([^"]+)">', table.group(0))


def test_each_version_shows_when_the_service_recorded_it(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    with time_machine.travel(PUBLISHED, tick=True):
        dtro = published_dtro(tra, officer, supervisor)
    with time_machine.travel(AMENDED, tick=True):
        dtro = publish_update(dtro, officer, supervisor, new_name="Renamed in March")

    html = officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk])).content.decode()

    source = recorded_cells(html, "Source history at the D-TRO service")
    assert [cell[:16] for cell in source] == ["2026-03-09T14:30", "2026-03-02T09:15"]
    provisions = recorded_cells(html, "Provision history at the D-TRO service")
    assert [cell[:16] for cell in provisions] == ["2026-03-09T14:30", "2026-03-02T09:15"]
    # The compare form names the versions by the same times.
    assert "Service source history 1: amendment (recorded 9 Mar 2026 14:30:" in html


def entry(last_updated: str, created: str = "2026-01-01T00:00:00Z", **fields: Any) -> dict:
    return {"lastUpdated": last_updated, "created": created, **fields}


def test_a_version_was_recorded_when_the_one_before_it_was_replaced():
    read_at = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    # As DfT's service answers: the current version stamped with the read, each history row
    # with the moment an update replaced it; the record's own lastUpdated is to the second.
    source = with_time(
        [
            entry("2026-11-30T12:00:00.500Z", actionType="amendment"),
            entry("2026-03-09T14:30:00.250Z", actionType="amendment"),
            entry("2026-02-01T08:00:00.125Z", actionType="new"),
        ]
    )
    # A provision-only update (source `noChange`, left out of the source history) is on the
    # provision history only: it still tells when the next version was recorded.
    provisions = with_time(
        [
            entry("2026-11-30T12:00:00.700Z", reference="p1"),
            entry("2026-03-01T10:00:00.000Z", reference="p1"),
        ]
    )
    current = {"created": "2026-01-01T00:00:00Z", "lastUpdated": "2026-03-09T14:30:00Z"}

    stamp_recorded(source + provisions, current, read_at=read_at)

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    assert [e["recorded_at"] for e in source] == [
        at("2026-03-09T14:30:00.250Z"),
        at("2026-03-01T10:00:00.000Z"),
        at("2026-01-01T00:00:00Z"),
    ]
    assert [e["recorded_at"] for e in provisions] == [
        at("2026-03-09T14:30:00.250Z"),
        at("2026-02-01T08:00:00.125Z"),
    ]
    assert all(e["recorded_at"] < read_at - timedelta(days=1) for e in source + provisions)


def test_a_never_updated_record_was_recorded_when_created():
    provisions = with_time([entry("2026-11-30T12:00:00Z", created="2026-05-05T05:05:05Z")])

    stamp_recorded(
        provisions,
        {"created": "2026-05-05T05:05:05Z", "lastUpdated": "2026-05-05T05:05:05Z"},
        read_at=datetime(2026, 11, 30, 12, tzinfo=UTC),
    )

    assert provisions[0]["recorded_at"] == datetime(2026, 5, 5, 5, 5, 5, tzinfo=UTC)
