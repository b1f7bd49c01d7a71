"""Provisions become readable rows, whichever data-spec shape (3.x list or 4.0 object)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from dtro_app.orders.provisions import NOT_GIVEN, provision_rows


def _example(version: str, name: str) -> dict:
    return json.loads((Path(settings.DTRO_SPEC_DIR) / "examples" / version / name).read_text())


def test_a_4_0_provision_reads_as_plain_english():
    (row,) = provision_rows(_example("4.0.0", "example-derbyshire-2024-dj388-partial.json"))
    assert row.regulation_types == ["Limited waiting"]
    assert row.regulation_types[0].code == "kerbsideLimitedWaiting"
    assert row.places == ["West side, Market Street, Draycott (Line)"]
    assert "08:00 to 18:00" in row.validity
    assert row.order_reporting_point == "Permanent order: notice of making"


def test_3_4_condition_sets_become_conditions_and_validity():
    (row,) = provision_rows(_example("3.4.0", "example-ttro-heightrestrictionwithconditions.json"))
    assert row.validity == "2024-08-22 08:00 to 2024-08-22 20:00"
    assert any("2.5" in c for c in row.conditions)
    assert any(c.startswith("Except") and "bus" in c.lower() for c in row.conditions)


def test_an_incomplete_draft_does_not_break_the_page():
    rows = provision_rows({"data": {"source": {"provision": [{}, "junk"]}}})
    assert len(rows) == 1
    assert rows[0].reference == NOT_GIVEN and rows[0].places == [NOT_GIVEN]
    assert provision_rows({}) == [] and provision_rows(None) == []


def test_one_sided_validities_days_alone_and_shapes_read_as_written():
    validities = [
        {"start": "2024-08-01T08:00:00", "validPeriod": [{"recurringTimePeriodOfDay": []}]},
        {
            "end": "2024-09-01",
            "validPeriod": [
                {"recurringDayWeekMonthPeriod": [{"applicableDay": ["tuesday", "monday"]}]}
            ],
        },
    ]
    provision = {
        "regulation": {
            "generalRegulation": {"regulationType": "kerbsideNoWaiting"},
            "condition": [{"timeValidity": validity} for validity in validities],
        },
        "regulatedPlace": {"description": "High Street", "directedLinear": {}, "polygon": {}},
    }
    (row,) = provision_rows({"data": {"source": {"provision": [provision]}}})
    assert row.validity == "From 2024-08-01 08:00; Until 2024-09-01; Monday, Tuesday"
    assert row.places == ["High Street (Area, Directed line)"]
