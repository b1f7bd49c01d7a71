"""The map's street layer: the streets crossing a box, found through the TRA's own Street
Manager account by a grid of Street Lookup points, as GeoJSON in British National Grid,
cached per account and box; a box too big is refused, and without an account the map is
told why and goes on without streets."""

from __future__ import annotations

import itertools
import math

import pytest
from django.urls import reverse

from streetworks.services import STREET_SAMPLE_METRES, sample_points

pytestmark = pytest.mark.django_db(transaction=True)

# 500 m around East Reach (USRN 39608173).
OVER_EAST_REACH = "323300,124400,323800,124900"
IN_THE_FIELDS = "300000,100000,300500,100500"
STREET_LOOKUPS = {"path__endswith": "/nsg/streets/search"}


def streets(client, bbox):
    return client.get(reverse("streetworks:streets_in_box"), {"bbox": bbox})


def lookups() -> int:
    from outbound.models import OutboundCall

    return OutboundCall.objects.filter(**STREET_LOOKUPS).count()


def test_a_box_over_a_street_returns_it_with_its_usrn_and_name(
    officer_client, sm_account, emulator
):
    response = streets(officer_client, OVER_EAST_REACH)
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    [east_reach] = [f for f in collection["features"] if f["properties"]["usrn"] == 39608173]
    assert east_reach["id"] == 39608173
    assert east_reach["properties"]["name"] == "East Reach"
    assert east_reach["geometry"]["type"] == "MultiLineString"
    assert east_reach["geometry"]["coordinates"][0][0] == [323400, 124570]
    assert "problem" not in collection


def test_a_box_away_from_any_street_returns_none(officer_client, sm_account, emulator):
    response = streets(officer_client, IN_THE_FIELDS)
    assert response.status_code == 200
    assert response.json()["features"] == []


def test_a_box_bigger_than_a_kilometre_square_is_refused_in_plain_words(officer_client, sm_account):
    response = streets(officer_client, "323000,124000,324001,124500")
    assert response.status_code == 400
    assert "at most 1,000 m by 1,000 m" in response.json()["message"]
    assert streets(officer_client, "323000,124000,x,124500").status_code == 400
    assert streets(officer_client, "323000,124000,322000,124500").status_code == 400
    assert lookups() == 0


def test_a_kilometre_square_is_looked_up_in_chunks_and_then_read_from_the_cache(
    officer_client, sm_account, emulator
):
    box = "322500,124500,323500,125500"
    found = {f["properties"]["usrn"] for f in streets(officer_client, box).json()["features"]}
    # East Reach, Bridge Street, North Street, Fore Street, Station Road, Canon Street...
    assert {39608173, 39605836, 39610002, 39610003, 39610004, 39610005} <= found
    # 30 x 30 points (29 steps of at most 35 m), at most 300 a call: three lookups.
    assert lookups() == 3
    again = {f["properties"]["usrn"] for f in streets(officer_client, box).json()["features"]}
    assert again == found
    assert lookups() == 3


def test_no_spot_of_the_box_is_further_than_25_metres_from_a_sample_point():
    box = (323000.0, 124000.0, 323517.0, 124260.0)
    points = sample_points(box)
    xs = sorted({x for x, _ in points})
    ys = sorted({y for _, y in points})
    assert (xs[0], ys[0], xs[-1], ys[-1]) == box
    widest = max(b - a for a, b in itertools.pairwise(xs))
    tallest = max(b - a for a, b in itertools.pairwise(ys))
    assert widest <= STREET_SAMPLE_METRES and tallest <= STREET_SAMPLE_METRES
    assert math.hypot(widest, tallest) / 2 < 25


def test_another_tras_officer_never_uses_this_tras_account_nor_its_cached_streets(
    client, officer, other_officer, sm_account, emulator
):
    client.force_login(officer)
    assert streets(client, OVER_EAST_REACH).json()["features"]
    client.force_login(other_officer)
    response = streets(client, OVER_EAST_REACH)
    assert response.status_code == 200
    collection = response.json()
    assert collection["features"] == []
    assert "Second Borough Council has no Street Manager account" in collection["problem"]


def test_without_an_account_the_map_gets_no_streets_and_is_told_why(officer_client):
    collection = streets(officer_client, OVER_EAST_REACH).json()
    assert collection["features"] == []
    assert "no Street Manager account" in collection["problem"]


def test_visitors_are_sent_to_sign_in(client):
    assert streets(client, OVER_EAST_REACH).status_code == 302
