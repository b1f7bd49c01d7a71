"""The search form sends every field of `POST /search` in the ICD's shape."""

from __future__ import annotations

import pytest

from dtro_app.catalogue.forms import SearchForm


@pytest.mark.django_db
def test_every_filter_becomes_a_field_of_the_search_query():
    form = SearchForm(
        {
            "troName": "Parking",
            "traCreator": "1000",
            "currentTraOwner": "1001",
            "publicationTime": "2024-10-07T12:22",
            "modificationTime": "2024-10-08T12:22",
            "deletionTime": "2024-10-09T12:22",
            "regulationType": "kerbsideControlledParkingZone",
            "vehicleType": "bus",
            "orderReportingPoint": "ttroTtmoByNotice",
            "regulatedPlaceType": "regulationLocation",
            "regulationStart_operator": ">=",
            "regulationStart_value": "2024-10-07T08:00",
            "regulationEnd_operator": "<=",
            "regulationEnd_value": "2025-01-07T18:30",
            "pageSize": "50",
        }
    )

    assert form.is_valid(), form.errors
    assert form.body(page=3) == {
        "page": 3,
        "pageSize": 50,
        "queries": [
            {
                "troName": "Parking",
                "traCreator": 1000,
                "currentTraOwner": 1001,
                # Request times go as UTC (British Summer Time in October: one hour behind).
                "publicationTime": "2024-10-07T11:22:00",
                "modificationTime": "2024-10-08T11:22:00",
                "deletionTime": "2024-10-09T11:22:00",
                "regulationType": "kerbsideControlledParkingZone",
                "vehicleType": "bus",
                "orderReportingPoint": "ttroTtmoByNotice",
                "regulatedPlaceType": "regulationLocation",
                # Regulation times are compared in UK local time, as the service stores them.
                "regulationStart": {"operator": ">=", "value": "2024-10-07T08:00:00"},
                "regulationEnd": {"operator": "<=", "value": "2025-01-07T18:30:00"},
            }
        ],
    }


@pytest.mark.django_db
def test_an_empty_form_asks_for_every_live_dtro():
    form = SearchForm({})

    assert form.is_valid(), form.errors
    assert form.body(page=1) == {"page": 1, "pageSize": 20, "queries": [{}]}


@pytest.mark.django_db
def test_a_date_operator_without_a_date_is_an_error_on_the_date():
    form = SearchForm({"regulationStart_operator": ">"})

    assert not form.is_valid()
    assert form.errors["regulationStart_value"] == ["Enter a date and time to compare with"]


@pytest.mark.django_db
def test_a_name_longer_than_the_service_allows_is_refused_before_sending():
    form = SearchForm({"troName": "x" * 501})

    assert not form.is_valid()
    assert "troName" in form.errors
