"""A create's Location header is the absolute URL of the new record, as the service sends."""

from __future__ import annotations

import pytest
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


def test_location_is_absolute_and_leads_to_the_record(publisher: Api, document: dict) -> None:
    response = publisher.post("dtros/createFromBody", document)
    assert response.status_code == 201
    dtro_id = response.json()["id"]
    assert response["Location"] == f"http://testserver/sandbox/v1/dtros/{dtro_id}"
    path = response["Location"].removeprefix("http://testserver")
    fetched = publisher.client.get(path, headers=publisher.headers())
    assert fetched.status_code == 200
    assert fetched.json()["id"] == dtro_id
