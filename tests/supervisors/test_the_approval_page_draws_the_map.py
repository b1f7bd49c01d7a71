"""The approval page embeds the revision's places for the map, and for an amendment also what
the service has now, so the supervisor sees the change before and after."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse
from factories import amendment_awaiting_approval, awaiting_approval

pytestmark = pytest.mark.django_db(transaction=True)


def embedded(html: str, element_id: str) -> Any:
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"no {element_id} on the page"
    return json.loads(found.group(1))


def test_the_approval_page_embeds_the_revisions_places(
    supervisor_client: Any, officer: Any, tra: Any
) -> None:
    revision = awaiting_approval(tra, officer)
    html = supervisor_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()

    features = embedded(html, "portal-map-features")["features"]
    assert features and all(f["geometry"]["type"] for f in features)
    assert "portal-map__legend" in html
    assert "js/map.js" in html
    # A new order has nothing published to compare with.
    assert 'id="portal-map-before"' not in html
    assert "Before: published now" not in html


def test_an_amendments_approval_page_also_embeds_what_is_published_now(
    supervisor_client: Any, officer: Any, supervisor: Any, tra: Any, sandbox_credential: Any
) -> None:
    revision = amendment_awaiting_approval(
        tra,
        officer,
        supervisor,
        published_line="SRID=27700;LINESTRING(444200 333200, 444300 333260, 444400 333300)",
        amended_line="SRID=27700;LINESTRING(444200 333200, 444250 333400, 444400 333300)",
    )

    html = supervisor_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()

    after = embedded(html, "portal-map-features")["features"]
    before = embedded(html, "portal-map-before")["features"]
    assert [444250.0, 333400.0] in after[0]["geometry"]["coordinates"]
    assert before[0]["geometry"]["coordinates"][1] == [444300.0, 333260.0]
    assert "Before: published now" in html
    assert "After: this change" in html
    assert "published now, before this change, as a list" in html
