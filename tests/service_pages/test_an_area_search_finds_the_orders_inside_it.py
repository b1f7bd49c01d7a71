"""Searching by area on the search page, through the portal's client and the sandbox over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from service_helpers import valid_document

from dtro_app.client import DtroClient
from dtro_validation.document_parts import places_of, provisions_of

pytestmark = pytest.mark.django_db(transaction=True)

AREA = "POLYGON((430000 360000, 431000 360000, 431000 361000, 430000 361000, 430000 360000))"


def held_along(credential: Any, authority: Any, line: str, name: str) -> None:
    """A D-TRO at the service whose every regulated place runs along `line`."""
    document = valid_document(authority, name_suffix=name)
    for provision in provisions_of(document):
        for place in places_of(provision):
            place["linearGeometry"] = {**place.get("linearGeometry", {}), "linestring": line}
    DtroClient(credential).create_from_body(document)


def test_an_area_search_lists_the_orders_inside_the_area_and_not_the_others(
    officer_client: Any, tra: Any, sandbox_credential: Any
) -> None:
    held_along(
        sandbox_credential,
        tra,
        "SRID=27700;LINESTRING(430200 360500, 430800 360500)",
        "in the area",
    )
    held_along(sandbox_credential, tra, "SRID=27700;LINESTRING(500000 200000, 500100 200000)",
               "far away")  # fmt: skip

    response = officer_client.get(reverse("dtro_app:search"), {"area": AREA})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Showing 1 to 1 of 1 D-TRO." in html
    assert "in the area" in html
    assert "far away" not in html


def test_an_area_that_is_not_a_polygon_is_explained_on_the_page(
    officer_client: Any, sandbox_credential: Any
) -> None:
    response = officer_client.get(reverse("dtro_app:search"), {"area": "LINESTRING(1 2, 3 4)"})

    html = response.content.decode()
    assert "The area must be a polygon" in html
    assert 'id="results"' not in html
