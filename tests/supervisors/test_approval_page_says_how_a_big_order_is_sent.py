"""The approval page says when an order is too large to send as it is, and how it will go."""

from __future__ import annotations

import re

import pytest
from big_orders import big_order
from factories import awaiting_approval

from dtro_app.publishing import sizing

pytestmark = pytest.mark.django_db


def _note(client, revision) -> str:
    page = client.get(f"/approvals/{revision.pk}/").content.decode()
    found = re.search(r'<div class="govuk-inset-text" id="sending-size">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_a_small_order_says_nothing_about_its_size(tra, officer, supervisor_client) -> None:
    assert _note(supervisor_client, awaiting_approval(tra, officer, big_order(tra, 3))) == ""


def test_a_large_order_says_it_goes_gzipped_or_in_parts_with_its_size(
    tra, officer, supervisor_client, monkeypatch
) -> None:
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)
    gzipped = awaiting_approval(tra, officer, big_order(tra, 150))
    note = _note(supervisor_client, gzipped)
    assert re.match(
        r"Too large to send as it is \(0\.\d MB of JSON\): it will be sent "
        r"gzipped as 0\.\d MB\.",
        note,
    ), note

    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 150 * 1024)
    in_parts = awaiting_approval(tra, officer, big_order(tra, 151))
    assert "it will be created in 3 parts, each under 10 MB" in _note(supervisor_client, in_parts)
