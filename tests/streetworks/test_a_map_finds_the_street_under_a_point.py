"""The street under a point, as a map asks for it: Street Manager's street lookup by
coordinates (streets within 25 m), through the TRA's own account, nearest first."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

# On East Reach (USRN 39608173), between its second and third points.
ON_EAST_REACH = (323500, 124610)
IN_A_FIELD = (300000, 100000)


def test_the_lookup_finds_streets_within_25_metres_of_a_point(sm_client, emulator):
    found = sm_client.streets_near([ON_EAST_REACH])
    assert [street["usrn"] for street in found] == [39608173]
    assert found[0]["street_line"]["type"] == "MultiLineString"


def test_the_lookup_finds_nothing_in_a_field(sm_client, emulator):
    assert sm_client.streets_near([IN_A_FIELD]) == []


def test_the_lookup_refuses_a_body_without_coordinates(sm_client, emulator):
    from streetworks.client import StreetManagerError

    with pytest.raises(StreetManagerError):
        sm_client.streets_near([])


def test_the_map_endpoint_proposes_the_usrn_of_the_street_under_the_point(
    officer_client, sm_account, emulator
):
    easting, northing = ON_EAST_REACH
    response = officer_client.get(
        reverse("streetworks:streets_near"), {"easting": easting, "northing": northing}
    )
    assert response.status_code == 200
    [street] = response.json()["streets"]
    assert street["usrn"] == 39608173
    assert street["name"] == "East Reach"
    assert street["metres"] < 25
    assert len(street["line"]) >= 2


def test_a_crossroads_lists_the_nearest_street_first(officer_client, sm_account, emulator):
    # High Street, North Street and Fore Street meet at (322900, 124700); 10 m up North Street.
    response = officer_client.get(
        reverse("streetworks:streets_near"), {"easting": 322897, "northing": 124710}
    )
    names = [street["name"] for street in response.json()["streets"]]
    assert names[0] == "North Street"
    assert {"High Street", "Fore Street"} <= set(names)


def test_a_point_outside_great_britain_or_without_numbers_gets_a_plain_message(
    officer_client, sm_account
):
    url = reverse("streetworks:streets_near")
    assert officer_client.get(url, {"easting": "x", "northing": 1}).status_code == 400
    outside = officer_client.get(url, {"easting": 900000, "northing": 100})
    assert outside.status_code == 400
    assert "outside Great Britain" in outside.json()["message"]


def test_without_a_street_manager_account_the_map_is_told_why(officer_client):
    response = officer_client.get(
        reverse("streetworks:streets_near"), {"easting": 323500, "northing": 124610}
    )
    assert response.status_code == 503
    assert response.json()["message"]


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("streetworks:streets_near"), {"easting": 1, "northing": 1})
    assert response.status_code == 302
