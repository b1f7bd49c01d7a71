"""`format` is enforced as the service's validator enforces it, with messages naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from validation_helpers import found

from dtro_validation.formats import is_date, is_date_time, is_email, is_time, is_uri

D40 = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")
REF = "/data/source/provision/0/regulatedPlace/0/linearGeometry/externalReference/0"


def _ref(d: dict[str, Any]) -> dict[str, Any]:
    return d["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"][
        "externalReference"
    ][0]


def _issue(report: Any, path: str) -> Any:
    return next(i for i in report.issues if i.path == path and i.code == "format")


@pytest.mark.parametrize(
    "value",
    ["2024-10-01", "2024-10-01T25:00:00", "2024-02-30T09:00:00", "2024-10-01 09:00:00", "soon"],
)
def test_a_last_update_date_that_is_not_a_date_and_time_is_refused(mutate, value) -> None:
    report = mutate(*D40, lambda d: _ref(d).__setitem__("lastUpdateDate", value))
    assert ("format", f"{REF}/lastUpdateDate") in found(report)
    issue = _issue(report, f"{REF}/lastUpdateDate")
    assert issue.message == (
        "The last update date must be a date and time, such as 2025-01-27T09:00:00."
    )
    assert issue.service["errorType"] == "Format"
    assert "format 'date-time'" in issue.service["message"]


def test_thirtieth_of_february_is_not_a_made_date(mutate) -> None:
    report = mutate(*D40, lambda d: d["data"]["source"].__setitem__("madeDate", "2025-02-30"))
    issue = _issue(report, "/data/source/madeDate")
    assert issue.message == "The made date must be a date, such as 2025-01-27."


def test_a_proper_date_and_time_still_passes(mutate) -> None:
    report = mutate(*D40, lambda d: _ref(d).__setitem__("lastUpdateDate", "2024-10-01T08:00:00Z"))
    assert not [i for i in report.issues if i.code == "format"]


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (is_date, ["2024-02-29", "2025-12-31"], ["2025-02-29", "2025-13-01", "2025-1-1", "x"]),
        (
            is_date_time,
            ["2025-01-27T09:00:00", "2025-01-27T09:00:00.5Z", "2025-01-27T09:00:00+01:00"],
            ["2025-01-27", "2025-01-27T24:00:00", "2025-01-27T09:60:00", "2025-01-27T9:00"],
        ),
        (
            is_time,
            ["09:00:00", "23:59:59Z", "16:30:00:00"],
            ["25:00:00", "09:00", "9:00:00", "12:00:61", "09:00:00+24:00", "09:00:00+01:60"],
        ),
        (
            is_email,
            ["name@example.gov.uk", "a.b+c@d.co"],
            ["name.example.gov.uk", "name@localhost", "a b@c.uk", "@c.uk"],
        ),
        (
            is_uri,
            ["https://www.example.gov.uk/orders?x=1", "mailto:a@b.uk"],
            ["/orders/1", "www.example.gov.uk", "https://", "https://a b.uk", ""],
        ),
    ],
)
def test_checkers_are_as_strict_as_the_service(check, good, bad) -> None:
    assert [v for v in good if not check(v)] == []
    assert [v for v in bad if check(v)] == []
