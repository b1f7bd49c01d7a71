"""Compare versions: the page embeds the newer version's places for the map and the older
version's to draw muted underneath, and draws no map when neither version has a place."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from factories import draft_dtro, valid_document

from dtro_app.drafting.services import save_draft
from dtro_app.models import Dtro
from dtro_validation.document_parts import GEOMETRY_MEMBERS, places_of, provisions_of

pytestmark = pytest.mark.django_db

OLDER = "SRID=27700;LINESTRING(444200 333200, 444300 333260, 444400 333300)"
NEWER = "SRID=27700;LINESTRING(444200 333200, 444250 333400, 444400 333300)"


def along(tra: Any, line: str | None) -> dict[str, Any]:
    """The example order with its first place on `line`; None leaves no place with a shape."""
    document = valid_document(tra)
    for provision in provisions_of(document):
        for place in places_of(provision):
            for member in GEOMETRY_MEMBERS:
                place.pop(member, None)
    if line is not None:
        place = document["data"]["source"]["provision"][0]["regulatedPlace"][0]
        place["linearGeometry"] = {"version": 1, "linestring": line, "lateralPosition": "onKerb"}
    return document


def two_revisions(tra: Any, officer: Any, older: str | None, newer: str | None) -> Dtro:
    dtro = draft_dtro(tra, officer, along(tra, older))
    save_draft(dtro, user=officer, document=copy.deepcopy(along(tra, newer)))
    return dtro


def compare(client: Any, dtro: Dtro) -> str:
    response = client.get(
        reverse("dtro_app:dtro_history_diff", args=[dtro.pk]),
        {"a": "revision-1", "b": "revision-2"},
    )
    assert response.status_code == 200
    return response.content.decode()


def embedded(html: str, element_id: str) -> Any:
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1)) if found else None


def coordinates(html: str, element_id: str) -> list[Any]:
    return [f["geometry"]["coordinates"] for f in embedded(html, element_id)["features"]]


def test_the_newer_version_is_drawn_over_the_older(officer_client, tra, officer) -> None:
    html = compare(officer_client, two_revisions(tra, officer, OLDER, NEWER))

    assert coordinates(html, "portal-map-features") == [
        [[444200.0, 333200.0], [444250.0, 333400.0], [444400.0, 333300.0]]
    ]
    assert coordinates(html, "portal-map-before") == [
        [[444200.0, 333200.0], [444300.0, 333260.0], [444400.0, 333300.0]]
    ]
    assert embedded(html, "portal-map-options")["tileUrl"] == ""
    assert "vendor/ol/ol.css" in html and "css/map.css" in html
    assert "vendor/proj4/proj4.js" in html and "js/map.js" in html
    # Which version is which, in words as well as on the map.
    assert "<strong>After</strong>, drawn as the key shows: Our revision 2" in html
    assert "<strong>Before</strong>, muted and dashed underneath: Our revision 1" in html


def test_versions_without_places_draw_no_map(officer_client, tra, officer) -> None:
    dtro = two_revisions(tra, officer, None, None)
    html = compare(officer_client, dtro)

    assert "Differences" in html
    assert embedded(html, "portal-map-features") is None
    assert "js/map.js" not in html and "vendor/ol/ol.css" not in html


def test_a_newer_version_without_places_still_shows_the_older_ones(
    officer_client, tra, officer
) -> None:
    html = compare(officer_client, two_revisions(tra, officer, OLDER, None))

    assert embedded(html, "portal-map-features")["features"] == []
    assert len(coordinates(html, "portal-map-before")) == 1
    assert "Our revision 2: draft (no places to draw)" in html
    # Named as the two versions compared, not as "published now" and "this change".
    assert "Before: the older version" in html
    assert "published now" not in html


def test_an_older_version_without_places_has_no_before_layer(officer_client, tra, officer) -> None:
    html = compare(officer_client, two_revisions(tra, officer, None, NEWER))

    assert len(coordinates(html, "portal-map-features")) == 1
    assert embedded(html, "portal-map-before") is None
    assert "Our revision 1: superseded (no places to draw)" in html


def test_choosing_no_versions_draws_no_map(officer_client, tra, officer) -> None:
    dtro = two_revisions(tra, officer, OLDER, NEWER)
    html = officer_client.get(
        reverse("dtro_app:dtro_history_diff", args=[dtro.pk])
    ).content.decode()

    assert embedded(html, "portal-map-features") is None
    assert "js/map.js" not in html
