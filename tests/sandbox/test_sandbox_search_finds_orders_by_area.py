"""POST /search's `geometry`: orders whose regulated places meet an area (British National Grid)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from sandbox_helpers import TRA, Api, with_tra

from dtro_validation.document_parts import places_of, provisions_of

pytestmark = pytest.mark.django_db

AREA = "POLYGON((430000 360000, 431000 360000, 431000 361000, 430000 361000, 430000 360000))"
INSIDE = "SRID=27700;LINESTRING(430200 360500, 430800 360500)"
CROSSING_THE_EDGE = "SRID=27700;LINESTRING(430500 360500, 431500 360500)"
ELSEWHERE = "SRID=27700;LINESTRING(500000 200000, 500100 200000)"


def along(document: dict[str, Any], line: str, name: str) -> dict[str, Any]:
    """A copy of the example whose every regulated place runs along `line`."""
    document = with_tra(copy.deepcopy(document), TRA, name_suffix=name)
    for provision in provisions_of(document):
        for place in places_of(provision):
            for member in ("pointGeometry", "polygon", "directedLinear"):
                place.pop(member, None)
            place["linearGeometry"] = {
                **place.get("linearGeometry", {}),
                "linestring": line,
            }
    return document


def found_in(api: Api, area: str) -> set[str]:
    response = api.post("search", {"page": 1, "pageSize": 50, "queries": [{"geometry": area}]})
    assert response.status_code == 200, response.content
    return {result["id"] for result in response.json()["results"]}


@pytest.fixture
def orders(publisher: Api, document: dict[str, Any]) -> dict[str, str]:
    return {
        "inside": publisher.create(along(document, INSIDE, "inside")),
        "crossing": publisher.create(along(document, CROSSING_THE_EDGE, "crossing")),
        "elsewhere": publisher.create(along(document, ELSEWHERE, "elsewhere")),
    }


def test_by_default_an_order_crossing_the_areas_edge_is_found(
    publisher: Api, orders: dict[str, str]
) -> None:
    assert found_in(publisher, AREA) == {orders["inside"], orders["crossing"]}


@override_settings(SANDBOX_SEARCH_GEOMETRY_MATCH="within")
def test_within_mode_finds_only_orders_lying_inside_the_area(
    publisher: Api, orders: dict[str, str]
) -> None:
    assert found_in(publisher, AREA) == {orders["inside"]}


@pytest.mark.parametrize("match", ["intersects", "within"])
def test_an_order_elsewhere_is_never_found(
    publisher: Api, orders: dict[str, str], match: str
) -> None:
    with override_settings(SANDBOX_SEARCH_GEOMETRY_MATCH=match):
        assert orders["elsewhere"] not in found_in(publisher, AREA)
        assert found_in(
            publisher,
            "POLYGON((499000 199000, 501000 199000, 501000 201000, 499000 201000, 499000 199000))",
        ) == {orders["elsewhere"]}


def test_an_srid_prefix_on_the_area_is_ignored(publisher: Api, orders: dict[str, str]) -> None:
    assert found_in(publisher, "SRID=27700;" + AREA) == found_in(publisher, AREA)


def test_the_area_is_anded_with_the_querys_other_fields(
    publisher: Api, orders: dict[str, str]
) -> None:
    response = publisher.post(
        "search",
        {"page": 1, "pageSize": 50, "queries": [{"geometry": AREA, "troName": "crossing"}]},
    )
    assert [r["id"] for r in response.json()["results"]] == [orders["crossing"]]


@pytest.mark.parametrize("bad", ["POLYGON((430000 360000, 431000", "not wkt", "", 42])
def test_an_unreadable_area_gets_the_validation_problem(publisher: Api, bad: object) -> None:
    response = publisher.post("search", {"page": 1, "pageSize": 50, "queries": [{"geometry": bad}]})
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "One or more validation errors occurred."
    assert "queries[0].geometry" in body["errors"]


def match_setting_at_start(value: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh process with the variable set; print the setting it read."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SANDBOX_SEARCH_GEOMETRY_MATCH)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SANDBOX_SEARCH_GEOMETRY_MATCH": value,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_match_setting_is_read_from_the_environment_and_checked_at_start() -> None:
    assert match_setting_at_start("within").stdout.strip() == "within"
    refused = match_setting_at_start("contains")
    assert refused.returncode != 0
    assert "SANDBOX_SEARCH_GEOMETRY_MATCH must be intersects or within" in refused.stderr
