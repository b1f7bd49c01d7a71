"""The order's own page says, before it is sent, when it is too large to go as it is."""

from __future__ import annotations

import re

import pytest
from big_orders import big_order
from factories import awaiting_approval, draft_dtro

from dtro_app.publishing import sizing

pytestmark = pytest.mark.django_db


def _note(client, dtro) -> str:
    page = client.get(dtro.get_absolute_url()).content.decode()
    found = re.search(r'<div class="govuk-inset-text" id="sending-size">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_a_small_draft_says_nothing_about_its_size(tra, officer, officer_client) -> None:
    assert _note(officer_client, draft_dtro(tra, officer, big_order(tra, 3))) == ""


def test_a_large_draft_and_one_awaiting_approval_say_how_they_will_go(
    tra, officer, officer_client, monkeypatch
) -> None:
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)

    draft = draft_dtro(tra, officer, big_order(tra, 150))
    awaiting = awaiting_approval(tra, officer, big_order(tra, 152)).dtro

    assert "it will be sent gzipped" in _note(officer_client, draft)
    assert "it will be sent gzipped" in _note(officer_client, awaiting)
