from __future__ import annotations

import copy
import gzip
import io
import json

import pytest
from sandbox_helpers import Api

from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db


def test_an_exact_duplicate_is_refused_with_400(publisher: Api, document: dict) -> None:
    publisher.create(document)
    response = publisher.post("dtros/createFromBody", document)
    assert response.status_code == 400
    assert response.json() == {
        "message": "Bad Request",
        "error": "An identical D-TRO has already been submitted",
    }
    assert SandboxDtro.objects.count() == 1


def test_the_same_payload_may_be_created_again_after_a_delete(
    publisher: Api, document: dict
) -> None:
    dtro_id = publisher.create(document)
    publisher.delete(f"dtros/{dtro_id}")
    assert publisher.post("dtros/createFromBody", document).status_code == 201


def test_another_tra_cannot_update_or_delete_a_record(
    publisher: Api, other_publisher: Api, document: dict
) -> None:
    dtro_id = publisher.create(document)
    theirs = copy.deepcopy(document)
    for key in ("traCreator", "currentTraOwner"):
        theirs["data"]["source"][key] = 99998
    theirs["data"]["source"]["traAffected"] = [99998]
    update = other_publisher.put(f"dtros/updateFromBody/{dtro_id}", theirs)
    assert update.status_code == 403
    assert set(update.json()) == {"message", "error"}
    delete = other_publisher.delete(f"dtros/{dtro_id}")
    assert delete.status_code == 403
    assert publisher.get(f"dtros/{dtro_id}").json()["data"] == document["data"]


def test_a_body_over_ten_megabytes_is_refused_by_the_gateway(publisher: Api) -> None:
    big = b'{"schemaVersion":"4.0.0","data":{"pad":"' + b"x" * (10 * 1024 * 1024) + b'"}}'
    response = publisher.client.post(
        publisher.base + "dtros/createFromBody",
        data=big,
        content_type="application/json",
        headers=publisher.headers(),
    )
    assert response.status_code == 413
    assert response.json()["fault"]["detail"]["errorcode"] == "protocol.http.TooBigBody"


def test_a_gzip_bomb_is_refused_without_inflating_it_all(publisher: Api) -> None:
    bomb = gzip.compress(b'{"pad":"' + b"0" * (30 * 1024 * 1024) + b'"}')
    assert len(bomb) < 1024 * 1024
    file = io.BytesIO(bomb)
    file.name = "bomb.json.gz"
    response = publisher.client.post(
        publisher.base + "dtros/createFromFile", data={"file": file}, headers=publisher.headers()
    )
    assert response.status_code == 400
    assert "25" in json.dumps(response.json())
