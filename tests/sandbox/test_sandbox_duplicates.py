"""Duplicate content: 400 on a create, 409 on an update, and a switch that stores them."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from sandbox_helpers import Api

from sandbox import gateway
from sandbox.models import SandboxDtro, SandboxDtroHistory

pytestmark = pytest.mark.django_db

DUPLICATE_CONTENT = {
    "message": "Duplicate content exception",
    "error": "An active D-TRO with content identical to this already exists in the service",
}


def renamed(document: dict, name: str) -> dict:
    other = copy.deepcopy(document)
    other["data"]["source"]["troName"] = name
    return other


def test_an_update_identical_to_the_records_own_content_answers_409(
    publisher: Api, document: dict
) -> None:
    dtro_id = publisher.create(document)
    response = publisher.put(f"dtros/updateFromBody/{dtro_id}", document)
    assert response.status_code == 409
    assert response.content == json.dumps(DUPLICATE_CONTENT, separators=(",", ":")).encode()
    assert not SandboxDtroHistory.objects.exists()


def test_a_resent_update_answers_409_the_second_time(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    changed = renamed(document, "Amended order")
    assert publisher.put(f"dtros/updateFromBody/{dtro_id}", changed).status_code == 200
    again = publisher.put(f"dtros/updateFromBody/{dtro_id}", changed)
    assert (again.status_code, again.json()) == (409, DUPLICATE_CONTENT)
    assert SandboxDtroHistory.objects.count() == 1


def test_an_update_identical_to_another_active_record_answers_409(
    publisher: Api, document: dict
) -> None:
    publisher.create(document)
    second = publisher.create(renamed(document, "Second order"))
    response = publisher.put(f"dtros/updateFromBody/{second}", document)
    assert (response.status_code, response.json()) == (409, DUPLICATE_CONTENT)


def test_an_update_from_file_with_identical_content_answers_409(
    publisher: Api, document: dict
) -> None:
    dtro_id = publisher.create(document)
    file = io.BytesIO(json.dumps(document).encode())
    file.name = "dtro.json"
    response = publisher.client.put(
        publisher.base + f"dtros/updateFromFile/{dtro_id}",
        data=encode_multipart(BOUNDARY, {"file": file}),
        content_type=MULTIPART_CONTENT,
        headers=publisher.headers(),
    )
    assert (response.status_code, response.json()) == (409, DUPLICATE_CONTENT)


def test_with_refusal_off_a_duplicate_create_is_stored_as_a_new_record(
    publisher: Api, document: dict
) -> None:
    gateway.set_refuse_duplicates(False)
    first = publisher.create(document)
    second = publisher.create(document)
    assert first != second
    assert SandboxDtro.objects.filter(deleted=False).count() == 2


def test_with_refusal_off_an_identical_update_is_applied(publisher: Api, document: dict) -> None:
    gateway.set_refuse_duplicates(False)
    dtro_id = publisher.create(document)
    assert publisher.put(f"dtros/updateFromBody/{dtro_id}", document).status_code == 200
    assert SandboxDtroHistory.objects.count() == 1


def test_the_setting_turns_refusal_off_and_the_row_wins_over_it(
    publisher: Api, document: dict, settings: Any
) -> None:
    settings.SANDBOX_REFUSE_DUPLICATES = False
    publisher.create(document)
    publisher.create(document)
    gateway.set_refuse_duplicates(True)
    assert publisher.post("dtros/createFromBody", document).status_code == 400
    assert SandboxDtro.objects.count() == 2
