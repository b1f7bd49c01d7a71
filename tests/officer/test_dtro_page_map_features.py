"""The GeoJSON a D-TRO's page embeds for its map: every regulated place, in British National
Grid, with its provision and a legend entry; capped so a huge order still draws."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from factories import draft_dtro, valid_document

from dtro_app.maps import features as features_module
from dtro_app.maps.features import MAX_FEATURES, map_features
from portal.settings.services import _allow_tile_images
from tests.dtro_examples import example_document

LINE = "SRID=27700;LINESTRING(444284 333253, 444290 333260, 444300 333270)"


def provision(reference: str, regulation_type: str, place_type: str, wkt: str) -> dict[str, Any]:
    base = copy.deepcopy(example_document()["data"]["source"]["provision"][0])
    base["reference"] = reference
    base["regulation"]["generalRegulation"] = {"regulationType": regulation_type}
    place = base["regulatedPlace"][0]
    place["type"] = place_type
    place["description"] = f"{reference} place"
    place["linearGeometry"]["linestring"] = wkt
    return base


def document_of(*provisions: dict[str, Any]) -> dict[str, Any]:
    document = example_document()
    document["data"]["source"]["provision"] = list(provisions)
    return document


def test_a_place_is_a_geojson_feature_in_british_national_grid_with_its_provision():
    result = map_features(
        document_of(provision("P1", "kerbsideNoWaiting", "regulationLocation", LINE))
    )
    assert result.collection["type"] == "FeatureCollection"
    [feature] = result.collection["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "LineString"
    assert [list(p) for p in feature["geometry"]["coordinates"]] == [
        [444284.0, 333253.0],
        [444290.0, 333260.0],
        [444300.0, 333270.0],
    ]
    assert feature["properties"] == {
        "id": 0,
        "reference": "P1",
        "regulation": "No waiting (yellow lines)",
        "category": "waiting",
        "place": "P1 place",
    }
    assert result.places == [
        {
            "reference": "P1",
            "regulation": "No waiting (yellow lines)",
            "category": "Waiting, loading and parking",
            "place": "P1 place",
        }
    ]


def test_points_and_areas_keep_their_types():
    document = document_of(provision("P1", "miscRoadClosure", "regulationLocation", LINE))
    place = document["data"]["source"]["provision"][0]["regulatedPlace"][0]
    del place["linearGeometry"]
    place["pointGeometry"] = {"point": "SRID=27700;POINT(444284 333253)"}
    place["polygon"] = {
        "polygon": "SRID=27700;POLYGON((444000 333000, 444100 333000, 444100 333100, "
        "444000 333000))"
    }
    kinds = [f["geometry"]["type"] for f in map_features(document).collection["features"]]
    assert sorted(kinds) == ["Point", "Polygon"]


def test_a_closure_and_its_diversion_route_have_their_own_legend_entries():
    result = map_features(
        document_of(
            provision("CLOSE", "miscRoadClosure", "regulationLocation", LINE),
            provision("DIVERT", "miscRoadClosure", "diversionRoute", LINE),
            provision("PARK", "kerbsideFootwayParkingProhibited", "regulationLocation", LINE),
            provision("SPEED", "speedLimit", "regulationLocation", LINE),
        )
    )
    categories = [f["properties"]["category"] for f in result.collection["features"]]
    assert categories == ["closure", "diversion", "waiting", "speed"]
    assert [entry["label"] for entry in result.legend] == [
        "Closure or prohibition",
        "Diversion route",
        "Waiting, loading and parking",
        "Speed limit",
    ]


def test_an_unreadable_geometry_is_counted_not_drawn():
    result = map_features(
        document_of(provision("P1", "miscRoadClosure", "regulationLocation", "LINESTRING(oops"))
    )
    assert result.is_empty
    assert result.unreadable == 1


def test_a_huge_order_is_capped_and_its_long_shapes_simplified():
    # A straight kerb line of 400 vertices: simplification keeps its two ends.
    long_line = (
        "SRID=27700;LINESTRING(" + ", ".join(f"{444000 + i} {333000 + i}" for i in range(400)) + ")"
    )
    one = provision("P", "kerbsideNoWaiting", "regulationLocation", long_line)
    result = map_features(document_of(*[one] * (MAX_FEATURES + 25)))
    assert len(result.collection["features"]) == MAX_FEATURES
    assert len(result.places) == MAX_FEATURES
    assert result.left_out == 25
    coordinates = result.collection["features"][0]["geometry"]["coordinates"]
    assert [list(p) for p in coordinates] == [[444000.0, 333000.0], [444399.0, 333399.0]]


def test_the_vertex_budget_also_caps_the_map(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(features_module, "MAX_VERTICES", 7)
    result = map_features(
        document_of(*[provision("P", "kerbsideNoWaiting", "regulationLocation", LINE)] * 3)
    )
    assert len(result.collection["features"]) == 2
    assert result.left_out == 1


@pytest.mark.django_db
def test_the_page_embeds_the_features_and_options_and_lists_the_places(
    officer_client, tra, officer
):
    dtro = draft_dtro(tra, officer, valid_document(tra))
    html = officer_client.get(dtro.get_absolute_url()).content.decode()
    embedded = re.search(
        r'<script id="portal-map-features" type="application/json">(.*?)</script>', html
    )
    assert embedded is not None
    collection = json.loads(embedded.group(1))
    assert collection["features"][0]["properties"]["regulation"] == "Limited waiting"
    options = re.search(
        r'<script id="portal-map-options" type="application/json">(.*?)</script>', html
    )
    assert options is not None
    # The offline grid (no tile URL); the TRA's context layers: tests/officer/test_map_context_*.
    assert {"tileUrl": "", "attribution": ""}.items() <= json.loads(options.group(1)).items()
    assert "Waiting, loading and parking" in html
    assert "place on the map, as a list" in html
    assert "/static/vendor/ol/ol.js" in html and "/static/js/map.js" in html
    # The SVG drawing stays for pages without JavaScript.
    assert "following-map__line" in html


def test_only_a_configured_tile_server_is_added_to_img_src():
    policy = "default-src 'self'; img-src 'self' data:; object-src 'none'"
    assert _allow_tile_images(policy, "") == policy
    assert _allow_tile_images(
        policy, "https://api.os.uk/maps/raster/v1/zxy/{z}/{x}/{y}.png?key=k"
    ) == ("default-src 'self'; img-src 'self' data: https://api.os.uk; object-src 'none'")


def test_an_os_maps_key_is_added_to_the_os_tile_url_in_the_page_only(settings):
    from dtro_app.maps.context import map_options

    settings.OS_MAPS_API_KEY = "k3y"
    settings.MAP_TILE_URL = "https://api.os.uk/maps/raster/v1/zxy/Outdoor_27700/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Contains OS data"
    assert map_options() == {
        "tileUrl": "https://api.os.uk/maps/raster/v1/zxy/Outdoor_27700/{z}/{x}/{y}.png?key=k3y",
        "attribution": "Contains OS data",
    }
    # Another tile server never receives the OS key.
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert map_options()["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
