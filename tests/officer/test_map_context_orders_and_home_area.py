"""The map's context from the TRA's own orders: their places in a box (never another TRA's,
never the order the page draws itself), each order's shapes worked out once per revision,
and the area a map starts on, from the orders' places or else MAP_HOME_EXTENT."""

from __future__ import annotations

from typing import Any

import pytest
from factories import draft_dtro, valid_document

from dtro_app.maps import context as map_context
from dtro_app.maps.context import map_options

pytestmark = pytest.mark.django_db

AROUND_DRAYCOTT = "444000,333000,445000,334000"
FAR_AWAY = "300000,100000,301000,101000"


def order_at(tra: Any, officer: Any, wkt: str, place: str) -> Any:
    document = valid_document(tra)
    provision = document["data"]["source"]["provision"][0]
    provision["regulation"]["generalRegulation"] = {"regulationType": "miscRoadClosure"}
    regulated = provision["regulatedPlace"][0]
    regulated["description"] = place
    regulated["linearGeometry"]["linestring"] = f"SRID=27700;{wkt}"
    return draft_dtro(tra, officer, document)


def places(client: Any, bbox: str, **params: Any) -> Any:
    from django.urls import reverse

    return client.get(reverse("dtro_app:orders_places"), {"bbox": bbox, **params})


@pytest.fixture
def three_orders(tra, officer, other_tra, other_officer) -> tuple[Any, Any, Any]:
    market = order_at(tra, officer, "LINESTRING(444200 333200, 444400 333300)", "Market St")
    church = order_at(tra, officer, "LINESTRING(444500 333500, 444600 333600)", "Church Ln")
    theirs = order_at(
        other_tra, other_officer, "LINESTRING(444210 333210, 444390 333290)", "Their St"
    )
    return market, church, theirs


def test_the_tras_orders_in_the_box_are_returned_with_a_link_to_each(officer_client, three_orders):
    market, _church, _theirs = three_orders
    response = places(officer_client, AROUND_DRAYCOTT)
    assert response.status_code == 200
    features = response.json()["features"]
    assert {f["properties"]["place"] for f in features} == {"Market St", "Church Ln"}
    [feature] = [f for f in features if f["properties"]["place"] == "Market St"]
    assert feature["properties"]["reference"] == market.reference
    assert feature["properties"]["url"] == market.get_absolute_url()
    assert feature["properties"]["category"] == "closure"
    assert feature["geometry"]["type"] == "LineString"


def test_another_tras_orders_are_never_returned(client, other_officer, three_orders):
    market, _church, theirs = three_orders
    client.force_login(other_officer)
    features = places(client, AROUND_DRAYCOTT).json()["features"]
    assert [f["properties"]["reference"] for f in features] == [theirs.reference]
    # Naming the other TRA does not reach its orders.
    assert places(client, AROUND_DRAYCOTT, tra=market.authority.code).status_code == 404


def test_the_order_the_page_draws_is_left_out(officer_client, three_orders):
    market, church, _theirs = three_orders
    features = places(officer_client, AROUND_DRAYCOTT, exclude=market.pk).json()["features"]
    assert [f["properties"]["reference"] for f in features] == [church.reference]


def test_only_places_that_intersect_the_box_are_returned(officer_client, three_orders):
    # A box around Church Lane alone, and one far away.
    features = places(officer_client, "444450,333450,444650,333650").json()["features"]
    assert [f["properties"]["place"] for f in features] == ["Church Ln"]
    assert places(officer_client, FAR_AWAY).json()["features"] == []
    # Inside Church Lane's bounds but off its diagonal: no place there.
    assert places(officer_client, "444580,333500,444600,333520").json()["features"] == []


def test_a_malformed_box_is_refused_in_plain_words(officer_client):
    response = places(officer_client, "1,2,3")
    assert response.status_code == 400
    assert "four numbers" in response.json()["message"]


def test_each_revisions_shapes_are_worked_out_once(
    tra, officer, three_orders, django_assert_num_queries
):
    from dtro_app.models import Dtro

    box = map_context.parse_box(AROUND_DRAYCOTT)
    first = map_context.orders_places(Dtro.objects.filter(authority=tra), box)
    # Then only the query for the orders: no revision's document is read again.
    with django_assert_num_queries(1):
        again = map_context.orders_places(Dtro.objects.filter(authority=tra), box)
    assert again == first


def test_the_home_area_is_the_extent_of_the_tras_orders(tra, officer, three_orders):
    extent = map_options(tra)["areaExtent"]
    # The orders span 444200-444600 by 333200-333600; widened to at least 1 km each way.
    assert extent == [443900, 332900, 444900, 333900]


def test_the_home_area_follows_a_new_or_moved_order_at_once(tra, officer, three_orders):
    from dtro_app.drafting.services import save_draft

    assert map_options(tra)["areaExtent"] == [443900, 332900, 444900, 333900]
    far = order_at(tra, officer, "LINESTRING(446000 333500, 446100 333600)", "Far Road")
    assert map_options(tra)["areaExtent"] == [444200, 332900, 446100, 333900]
    # Far Road moved back among the others: the area shrinks again.
    document = far.current_revision.document
    place = document["data"]["source"]["provision"][0]["regulatedPlace"][0]
    place["linearGeometry"]["linestring"] = "SRID=27700;LINESTRING(444300 333300, 444400 333400)"
    save_draft(far, user=officer, document=document)
    assert map_options(tra)["areaExtent"] == [443900, 332900, 444900, 333900]


def test_without_orders_the_home_area_is_the_setting(tra, settings):
    settings.MAP_HOME_EXTENT = [318000.0, 120000.0, 330000.0, 130000.0]
    assert map_options(tra)["areaExtent"] == [318000.0, 120000.0, 330000.0, 130000.0]
    assert map_options()["areaExtent"] == [318000.0, 120000.0, 330000.0, 130000.0]
    settings.MAP_HOME_EXTENT = []
    assert "areaExtent" not in map_options(tra)


def test_a_tras_map_is_told_where_its_streets_and_other_orders_are(tra):
    options = map_options(tra, exclude=42)
    assert options["streetsUrl"] == "/streetworks/streets/"
    assert options["ordersUrl"] == "/dtros/places/?tra=99999&exclude=42"
    assert "ordersUrl" not in map_options()


def test_the_dtro_page_passes_its_map_the_context_without_the_order_itself(
    officer_client, three_orders
):
    import json

    market = three_orders[0]
    html = officer_client.get(market.get_absolute_url()).content.decode()
    start = html.index('id="portal-map-options"')
    options = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert options["ordersUrl"].endswith(f"exclude={market.pk}")
    assert options["streetsUrl"] == "/streetworks/streets/"
    assert options["areaExtent"]
    # Each place in the list has its button to select it on the map.
    assert 'data-map-show="0"' in html
    assert 'Show<span class="govuk-visually-hidden"> Market St</span> on the map' in html


def test_a_malformed_home_extent_stops_the_start():
    from tests.foundation.test_settings import start_django

    result = start_django(MAP_HOME_EXTENT="1,2,3")
    assert result.returncode != 0
    assert "MAP_HOME_EXTENT must be four numbers" in result.stderr
