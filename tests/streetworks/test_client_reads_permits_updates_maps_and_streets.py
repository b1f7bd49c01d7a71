from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_reporting_permits_are_read_across_offset_pages(sm_client, emulator):
    emulator.configure(page_size=2)

    rows = list(sm_client.iter_permits(work_status=["planned", "in_progress"]))

    assert sorted(row["permit_reference_number"] for row in rows) == [
        "DC1000100001-01",
        "DC1000100002-01",
        "DC1000100003-01",
        "DC1000100004-01",
    ]


def test_reporting_filters_by_usrn_and_only_shows_the_callers_own_works(sm_client, emulator):
    rows = list(sm_client.iter_permits(usrn=39608173))
    assert {row["work_reference_number"] for row in rows} == {"DC1000100001", "DC1000100003"}
    assert not list(sm_client.iter_permits(usrn=22000001))


def test_unknown_enum_values_and_extra_keys_pass_through(sm_client, emulator):
    permit = sm_client.get_permit("DC1000100003", "DC1000100003-01")

    assert permit["traffic_management_type"] == "upcoming_enum"
    assert "collaboration_types" in permit
    assert "is_ttro_required" not in permit


def test_works_updates_follow_the_update_id_cursor(sm_client, emulator):
    first = sm_client.works_updates(page_size=2)
    assert [row["update_id"] for row in first["rows"]] == [1, 2]
    assert first["next_update"] == 3

    rest = sm_client.works_updates(update_id=2)
    assert [row["work_reference_number"] for row in rest["rows"]] == [
        "DC1000100003",
        "DC1000100004",
    ]
    assert rest["next_update"] is None


def test_works_in_a_bounding_box_come_back_as_bng_geojson(sm_client, emulator):
    collection = sm_client.works_in_bbox(322600, 124900, 322800, 125200)

    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["work_reference_number"] for f in collection["features"]] == [
        "DC1000100002"
    ]


def test_a_street_is_looked_up_by_usrn(sm_client, emulator):
    street = sm_client.street(39605836)

    assert street["street_descriptor"] == "BRIDGE STREET"
    assert street["street_line"]["type"] == "MultiLineString"
    assert [s["usrn"] for s in sm_client.search_streets("east")] == [39608173]
