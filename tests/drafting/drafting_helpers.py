"""Small helpers for the drafting tests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def page_of(dtro: Any) -> str:
    """Where saving sends the officer: the D-TRO's page."""
    return reverse("dtro_app:dtro_detail", args=[dtro.pk])


# One provision's answers on the guided form: a line with no waiting at any time.
PROVISION = {
    "provisionDescription": "No waiting at any time",
    "regulationType": "kerbsideNoWaiting",
    "description": "High Street, north side",
    "geometry_input": "wkt",
    "geometry": "LINESTRING(320620 124993, 320625 125007)",
    "bywayType": "road",
    "start": "2025-02-03T08:00",
}


def guided_post(
    authority_code: int,
    *,
    version: str = "4.0.0",
    order_type: str = "permanent",
    provisions: list[dict[str, str]] | None = None,
) -> dict[str, str]:
    """The POST data of a filled-in guided form."""
    provisions = provisions or [dict(PROVISION)]
    data = {
        "authority": str(authority_code),
        "schema_version": version,
        "order_type": order_type,
        "troName": "High Street (No Waiting) Order 2025",
        "statementDescription": "Prohibits waiting on High Street.",
        "section": "",
        "madeDate": "2025-01-27",
        "comingIntoForceDate": "2025-02-03",
        "provision-TOTAL_FORMS": str(len(provisions)),
        "provision-INITIAL_FORMS": "0",
        "provision-MIN_NUM_FORMS": "1",
        "provision-MAX_NUM_FORMS": "1000",
        "save": "1",
    }
    for i, provision in enumerate(provisions):
        for key, value in provision.items():
            data[f"provision-{i}-{key}"] = value
    return data
