"""WKT shape rules as the service reads them, with the field named in the message."""

from __future__ import annotations

from typing import Any

POINT = ("3.4.0", "snippet-example-snip-point.json")
PT = "/data/source/provision/0/regulatedPlace/0/pointGeometry/point"


def _set_point(value: str) -> Any:
    def change(d: dict[str, Any]) -> None:
        d["data"]["source"]["provision"][0]["regulatedPlace"][0]["pointGeometry"]["point"] = value

    return change


def test_a_point_with_two_coordinate_pairs_is_refused_with_one_pair_shown(mutate) -> None:
    report = mutate(*POINT, _set_point("SRID=27700;POINT(444284 333253, 444290 333260)"))
    issue = next(i for i in report.issues if i.path == PT)
    assert issue.code == "wkt_invalid"
    assert issue.message.startswith("The point ")
    assert "exactly one coordinate pair" in issue.message
    assert "POINT(444284 333253)" in issue.message
    assert "333253," not in issue.message
