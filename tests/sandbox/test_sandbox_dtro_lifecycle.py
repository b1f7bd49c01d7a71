from __future__ import annotations

import copy
import gzip
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


def upload(api: Api, method: str, path: str, content: bytes, name: str = "file.json") -> Any:
    file = io.BytesIO(content)
    file.name = name
    if method == "post":
        return api.client.post(api.base + path, data={"file": file}, headers=api.headers())
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return api.client.put(
        api.base + path,
        data=encode_multipart(BOUNDARY, {"file": file}),
        content_type=MULTIPART_CONTENT,
        headers=api.headers(),
    )


def events_since(api: Api, start: datetime, **filters: Any) -> Any:
    return api.post(
        "events",
        {
            "page": 1,
            "pageSize": 50,
            "since": start.strftime("%Y-%m-%dT%H:%M:%S"),
            "to": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            **filters,
        },
    )


def test_create_from_body_returns_201_with_an_id(publisher: Api, document: dict) -> None:
    response = publisher.post("dtros/createFromBody", document)
    assert response.status_code == 201
    assert set(response.json()) == {"id"}
    uuid.UUID(response.json()["id"])


def test_create_from_file_accepts_plain_json(publisher: Api, document: dict) -> None:
    response = upload(publisher, "post", "dtros/createFromFile", json.dumps(document).encode())
    assert response.status_code == 201
    assert set(response.json()) == {"id"}


def test_create_from_file_accepts_gzip(publisher: Api, document: dict) -> None:
    raw = gzip.compress(json.dumps(document).encode())
    response = upload(publisher, "post", "dtros/createFromFile", raw, "file.json.gz")
    assert response.status_code == 201


def test_create_from_file_refuses_an_empty_file(publisher: Api) -> None:
    response = upload(publisher, "post", "dtros/createFromFile", b"")
    assert response.status_code == 400
    assert response.json() == "File is empty"


def test_get_returns_the_record_with_its_timestamps(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    response = publisher.get(f"dtros/{dtro_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == dtro_id
    assert body["schemaVersion"] == document["schemaVersion"]
    assert body["data"] == document["data"]
    assert body["created"].endswith("Z") and body["lastUpdated"].endswith("Z")


def test_get_of_an_unknown_id_is_404_with_the_service_body(publisher: Api) -> None:
    unknown = uuid.uuid4()
    response = publisher.get(f"dtros/{unknown}")
    assert response.status_code == 404
    assert response.json() == {
        "message": f"TRO '{unknown}' not found",
        "error": f"Dtro '{unknown}' has either been deleted or cannot be found.",
    }


def test_update_from_body_and_from_file_return_200_with_the_id(
    publisher: Api, document: dict
) -> None:
    dtro_id = publisher.create(document)
    changed = copy.deepcopy(document)
    changed["data"]["source"]["troName"] += " (amended)"
    response = publisher.put(f"dtros/updateFromBody/{dtro_id}", changed)
    assert response.status_code == 200
    assert response.json() == {"id": dtro_id}
    changed["data"]["source"]["troName"] += " again"
    response = upload(
        publisher, "put", f"dtros/updateFromFile/{dtro_id}", json.dumps(changed).encode()
    )
    assert response.status_code == 200, response.content
    assert publisher.get(f"dtros/{dtro_id}").json()["data"] == changed["data"]


def test_a_never_updated_record_has_no_source_history(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    response = publisher.get(f"dtros/sourceHistory/{dtro_id}")
    assert response.status_code == 404
    assert response.json() == {
        "message": "History for DTRO not found.",
        "error": f"History for Dtro '{dtro_id}' cannot be found.",
    }


def test_create_update_history_delete_then_404_with_events_for_each_step(
    publisher: Api, document: dict
) -> None:
    start = datetime.now(UTC) - timedelta(seconds=2)
    dtro_id = publisher.create(document)
    changed = copy.deepcopy(document)
    changed["data"]["source"]["actionType"] = "amendment"
    changed["data"]["source"]["troName"] += " (amended)"
    assert publisher.put(f"dtros/updateFromBody/{dtro_id}", changed).status_code == 200

    sources = publisher.get(f"dtros/sourceHistory/{dtro_id}").json()
    assert [s["actionType"] for s in sources] == ["amendment", "new"]
    assert {"created", "lastUpdated", "reference", "schemaVersion", "troName"} <= set(sources[0])
    provisions = publisher.get(f"dtros/provisionHistory/{dtro_id}")
    assert provisions.status_code == 200
    entries = provisions.json()
    assert len(entries) == 2 * len(document["data"]["source"]["provision"])
    assert {"actionType", "created", "data", "lastUpdated", "reference", "schemaVersion"} == set(
        entries[0]
    )

    assert publisher.delete(f"dtros/{dtro_id}").status_code == 204
    gone = publisher.get(f"dtros/{dtro_id}")
    assert gone.status_code == 404
    assert "has either been deleted or cannot be found" in gone.json()["error"]
    update = publisher.put(f"dtros/updateFromBody/{dtro_id}", document)
    assert update.status_code == 404
    assert update.json() == {"message": "TRO not found", "error": "not found"}
    again = publisher.delete(f"dtros/{dtro_id}")
    assert again.status_code == 404
    assert publisher.get(f"dtros/provisionHistory/{dtro_id}").status_code == 404

    response = events_since(publisher, start, traCreator=document["data"]["source"]["traCreator"])
    assert response.status_code == 200
    mine = [e for e in response.json()["events"] if e["id"] == dtro_id]
    assert [e["eventType"] for e in mine] == ["delete", "update", "create"]
    assert mine[0]["_links"] == {"self": f"/dtros/{dtro_id}"}
    assert {"publicationTime", "traCreator", "currentTraOwner", "troName", "eventTime"} <= set(
        mine[0]
    )


def test_events_reject_a_future_since(publisher: Api) -> None:
    response = publisher.post(
        "events",
        {"page": 1, "pageSize": 50, "since": "2999-01-01T00:00:00", "to": "2999-01-01T00:00:00"},
    )
    assert response.status_code == 400


def test_events_without_since_are_refused_as_model_binding_errors(publisher: Api) -> None:
    response = publisher.post("events", {"page": 1, "pageSize": 50})
    assert response.status_code == 400
    assert response.json()["title"] == "One or more validation errors occurred."


def test_events_with_no_match_are_404(publisher: Api) -> None:
    response = events_since(publisher, datetime.now(UTC) - timedelta(minutes=1), traCreator=1)
    assert response.status_code == 404
    assert response.json() == {
        "message": "Not Found",
        "error": "No event found matching the criteria.",
    }
