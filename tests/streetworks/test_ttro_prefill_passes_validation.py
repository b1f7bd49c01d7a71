from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("wrn", "geometry_key", "regulation"),
    [
        ("DC1000100001", "linearGeometry", "miscRoadClosure"),
        ("DC1000100002", "pointGeometry", "miscLaneClosure"),
        ("DC1000100003", "polygon", None),
        ("DC1000100004", "linearGeometry", "miscContraflow"),
    ],
)
def test_a_ttro_prefilled_from_a_permit_passes_validation_for_the_newest_version(
    sm_client, emulator, tra, wrn, geometry_key, regulation
):
    from dtro_validation import get_registry, validate_document
    from streetworks.prefill import build_ttro

    permit = sm_client.get_work(wrn)["active_permit"]

    envelope, prefilled = build_ttro(permit, tra.code)

    assert envelope["schemaVersion"] == get_registry().newest_active().version
    report = validate_document(envelope, tra_code=tra.code)
    assert [issue.to_dict() for issue in report.issues if not issue.is_advice] == []
    # Works start later: the only advice is that delivery waits for the order's day.
    assert {issue.code for issue in report.issues if issue.is_advice} <= {
        "coming_into_force_in_future"
    }
    provision = envelope["data"]["source"]["provision"][0]
    place = provision["regulatedPlace"][0]
    assert place[geometry_key]["externalReference"][0]["uniqueStreetReferenceNumber"] == [
        {"usrn": permit["usrn"]}
    ]
    general = provision["regulation"].get("generalRegulation")
    assert (general or {}).get("regulationType") == regulation
    assert provision["orderReportingPoint"].startswith("ttroTtmo")
    assert all(pointer.startswith("/data/") for pointer in prefilled)


def test_the_prefill_uses_bng_wkt_local_times_and_the_street_name(sm_client, emulator, tra):
    from streetworks.prefill import build_ttro

    permit = sm_client.get_work("DC1000100001")["active_permit"]

    envelope, prefilled = build_ttro(permit, tra.code)

    source = envelope["data"]["source"]
    provision = source["provision"][0]
    line = provision["regulatedPlace"][0]["linearGeometry"]["linestring"]
    assert line == "SRID=27700;LINESTRING(323464 124595, 323544 124622)"
    validity = provision["regulation"]["condition"]["timeValidity"]
    assert validity["start"].endswith("T07:00:00")
    assert validity["end"].endswith("T19:00:00")
    assert "East Reach" in provision["provisionDescription"]
    assert "East Reach" in source["troName"]
    assert prefilled["/data/source/provision/0/regulation/condition/timeValidity/start"] == (
        "permit.proposed_start_date"
    )


def test_summer_midnight_dates_in_either_encoding_give_the_same_london_day():
    from datetime import time

    from streetworks.prefill import local_moment

    utc_midnight = local_moment("2026-06-15T00:00:00.000Z", None, time(0, 0))
    previous_evening = local_moment("2026-06-14T23:00:00.000Z", None, time(0, 0))

    assert utc_midnight.date().isoformat() == "2026-06-15"
    assert previous_evening.date().isoformat() == "2026-06-15"
    assert local_moment("2026-06-15T00:00:00Z", "2026-06-15T07:30:00Z", time(0)).hour == 8
