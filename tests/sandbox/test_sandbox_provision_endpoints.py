"""The sandbox's provision-level endpoints over real HTTP: each change is a whole update.

POST /provisions/createFromBody?dtroId=, PUT and DELETE /provisions/{provisionId}, as in
DfT's OpenAPI of August 2026, with the rules the sandbox decides (docs/sandbox.md).
"""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from dtro_app.models import ApiCredential
from sandbox import faults
from sandbox.models import SandboxApp, SandboxDtro, SandboxDtroHistory, SandboxProvision

pytestmark = pytest.mark.django_db(transaction=True)

DUPLICATE_CONTENT = {
    "message": "Duplicate content exception",
    "error": "An active D-TRO with content identical to this already exists in the service",
}


class Publisher:
    """One TRA's app calling the sandbox the way DfT's gateway passes calls on."""

    def __init__(self, credential: ApiCredential) -> None:
        self.base = credential.base_url.rstrip("/")
        self.app_id = str(credential.app_id)
        answer = requests.post(
            f"{self.base}/oauth-generator",
            auth=(credential.client_id, credential.get_secret()),
            data={"grant_type": "client_credentials"},
            timeout=30,
        )
        self.token = answer.json()["access_token"]

    def call(self, method: str, path: str, body: object = None, **headers: str | None) -> Any:
        """A call with token and App-Id; a header given as None is left out."""
        sent = {"Authorization": f"Bearer {self.token}", "App-Id": self.app_id, **headers}
        sent = {name: value for name, value in sent.items() if value is not None}
        return requests.request(method, f"{self.base}/{path}", json=body, headers=sent, timeout=30)

    def create_record(self, document: dict[str, Any]) -> str:
        answer = self.call("POST", "dtros/createFromBody", document)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    def add(self, dtro_id: str, provisions: list[dict[str, Any]], **headers: str | None) -> Any:
        return self.call(
            "POST", f"provisions/createFromBody?dtroId={dtro_id}", provisions, **headers
        )

    def record(self, dtro_id: str) -> dict[str, Any]:
        answer = self.call("GET", f"dtros/{dtro_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()

    def held(self, dtro_id: str) -> list[dict[str, Any]]:
        return self.record(dtro_id)["data"]["source"]["provision"]


def a_provision(document: dict[str, Any], reference: str, description: str) -> dict[str, Any]:
    provision = copy.deepcopy(document["data"]["source"]["provision"][0])
    provision["reference"] = reference
    provision["provisionDescription"] = description
    return provision


@pytest.fixture
def publisher(sandbox_credential: ApiCredential) -> Publisher:
    return Publisher(sandbox_credential)


@pytest.fixture
def other_publisher(other_sandbox_credential: ApiCredential) -> Publisher:
    return Publisher(other_sandbox_credential)


@pytest.fixture
def document(sandbox_credential: ApiCredential) -> dict[str, Any]:
    from tests.dtro_examples import example_document, with_tra

    return with_tra(example_document(), sandbox_credential.authority.code)


@pytest.fixture
def dtro_id(publisher: Publisher, document: dict[str, Any]) -> str:
    return publisher.create_record(document)


# --- creating -------------------------------------------------------------------------------


def test_created_provisions_are_appended_and_their_ids_returned_in_order(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    before = publisher.record(dtro_id)
    answer = publisher.add(
        dtro_id, [a_provision(document, "REF-B", "Second"), a_provision(document, "REF-A", "Third")]
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert set(body) == {"dtroId", "provisionIds"} and body["dtroId"] == dtro_id
    stored = {str(p.pk): p.reference for p in SandboxProvision.objects.filter(dtro_id=dtro_id)}
    assert [stored[i] for i in body["provisionIds"]] == ["REF-B", "REF-A"]
    after = publisher.record(dtro_id)
    original = document["data"]["source"]["provision"][0]["reference"]
    assert [p["reference"] for p in after["data"]["source"]["provision"]] == [
        original,
        "REF-B",
        "REF-A",
    ]
    assert after["lastUpdated"] >= before["lastUpdated"]
    assert "provisionId" not in answer.text.replace("provisionIds", "")
    assert SandboxDtroHistory.objects.filter(dtro_id=dtro_id).count() == 1


def test_the_change_shows_in_history_search_events_and_the_export(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    since = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%S")
    loading = a_provision(document, "REF-LOADING", "No loading at any time")
    loading["regulation"]["generalRegulation"]["regulationType"] = "kerbsideNoLoading"
    assert publisher.add(dtro_id, [loading]).status_code == 201

    sources = publisher.call("GET", f"dtros/sourceHistory/{dtro_id}").json()
    assert len(sources) == 2
    provisions = publisher.call("GET", f"dtros/provisionHistory/{dtro_id}").json()
    assert "REF-LOADING" in {p["reference"] for p in provisions}
    query = {"page": 1, "pageSize": 50, "queries": [{"regulationType": "kerbsideNoLoading"}]}
    found = publisher.call("POST", "search", query).json()
    assert [r["id"] for r in found["results"]] == [dtro_id]
    until = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    window = {"since": since, "to": until, "page": 1, "pageSize": 50}
    events = publisher.call("POST", "events", window).json()["events"]
    assert {e["eventType"] for e in events if e["id"] == dtro_id} == {"create", "update"}
    export_url = publisher.call("GET", "dtros/all").json()
    assert "REF-LOADING" in requests.get(export_url, timeout=30).text


def test_a_reference_the_record_already_has_is_refused(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    original = document["data"]["source"]["provision"][0]["reference"]
    answer = publisher.add(dtro_id, [a_provision(document, original, "Again")])

    assert answer.status_code == 400
    assert answer.json()["ruleError_0"]["name"] == "'2' duplication reference"
    twice = publisher.add(
        dtro_id, [a_provision(document, "REF-X", "One"), a_provision(document, "REF-X", "Two")]
    )
    assert twice.status_code == 400
    assert len(publisher.held(dtro_id)) == 1


def test_an_invalid_provision_is_refused_with_the_services_error_list(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    broken = a_provision(document, "REF-BROKEN", "Broken")
    broken["regulatedPlace"] = "not a list"

    answer = publisher.add(dtro_id, [broken])

    assert answer.status_code == 400
    assert all(key.startswith("ruleError_") for key in answer.json())
    assert len(publisher.held(dtro_id)) == 1
    assert not SandboxDtroHistory.objects.exists()


def test_an_unknown_or_deleted_record_answers_404(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    unknown = publisher.add(str(uuid.uuid4()), [a_provision(document, "REF-1", "One")])
    assert unknown.status_code == 404 and unknown.json()["message"] == "TRO not found"
    assert publisher.call("DELETE", f"dtros/{dtro_id}").status_code == 204
    deleted = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")])
    assert deleted.status_code == 404


# --- updating and deleting ------------------------------------------------------------------


def test_a_provision_is_updated_and_deleted_by_its_id(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    added = [a_provision(document, "REF-1", "One"), a_provision(document, "REF-2", "Two")]
    first, second = publisher.add(dtro_id, added).json()["provisionIds"]

    changed = a_provision(document, "REF-2", "Two, amended")
    updated = publisher.call("PUT", f"provisions/{second}", changed)
    assert (updated.status_code, updated.content) == (200, b"")
    deleted = publisher.call("DELETE", f"provisions/{first}")
    assert (deleted.status_code, deleted.content) == (204, b"")

    held = publisher.held(dtro_id)
    assert [p["reference"] for p in held][1:] == ["REF-2"]
    assert held[1] == changed
    again = publisher.call("PUT", f"provisions/{first}", changed)
    assert again.status_code == 404
    assert again.json() == {
        "message": "Provision not found",
        "error": f"Provision '{first}' has either been deleted or cannot be found.",
    }
    history = publisher.call("GET", f"dtros/provisionHistory/{dtro_id}").json()
    described = [h["data"]["provisionDescription"] for h in history if h["reference"] == "REF-2"]
    assert described[0] == "Two, amended" and "Two" in described


def test_an_identical_update_answers_409_and_changes_nothing(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    provision = a_provision(document, "REF-1", "One")
    (provision_id,) = publisher.add(dtro_id, [provision]).json()["provisionIds"]
    rows = SandboxDtroHistory.objects.count()

    answer = publisher.call("PUT", f"provisions/{provision_id}", provision)

    assert (answer.status_code, answer.json()) == (409, DUPLICATE_CONTENT)
    assert SandboxDtroHistory.objects.count() == rows


def test_the_last_provision_cannot_be_deleted(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    (provision_id,) = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")]).json()[
        "provisionIds"
    ]
    original = SandboxProvision.objects.exclude(pk=provision_id).get(dtro_id=dtro_id)
    assert publisher.call("DELETE", f"provisions/{original.pk}").status_code == 204

    answer = publisher.call("DELETE", f"provisions/{provision_id}")

    assert answer.status_code == 400
    assert answer.json()["error"].startswith("A D-TRO needs at least one provision")
    assert [p["reference"] for p in publisher.held(dtro_id)] == ["REF-1"]


def test_an_update_that_makes_the_record_invalid_is_refused(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    (provision_id,) = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")]).json()[
        "provisionIds"
    ]
    broken = a_provision(document, "REF-1", "One")
    del broken["regulation"]

    answer = publisher.call("PUT", f"provisions/{provision_id}", broken)

    assert answer.status_code == 400
    assert publisher.held(dtro_id)[1]["regulation"]


# --- ids across whole creates and updates ---------------------------------------------------


def test_whole_records_get_ids_that_whole_updates_keep_by_reference(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    original = document["data"]["source"]["provision"][0]["reference"]
    (whole_id,) = SandboxProvision.objects.filter(dtro_id=dtro_id).values_list("pk", flat=True)
    assert str(whole_id) not in str(publisher.record(dtro_id))  # never shown, as live
    kept, dropped = publisher.add(
        dtro_id,
        [a_provision(document, "REF-KEPT", "Kept"), a_provision(document, "REF-GONE", "Gone")],
    ).json()["provisionIds"]

    whole = copy.deepcopy(document)
    whole["data"]["source"]["provision"] = [
        document["data"]["source"]["provision"][0],
        a_provision(document, "REF-KEPT", "Kept"),
        a_provision(document, "REF-NEW", "New"),
    ]
    assert publisher.call("PUT", f"dtros/updateFromBody/{dtro_id}", whole).status_code == 200

    ids = dict(SandboxProvision.objects.filter(dtro_id=dtro_id).values_list("reference", "pk"))
    assert set(ids) == {original, "REF-KEPT", "REF-NEW"}
    assert (str(ids[original]), str(ids["REF-KEPT"])) == (str(whole_id), kept)
    assert publisher.call("DELETE", f"provisions/{dropped}").status_code == 404
    assert publisher.call("DELETE", f"provisions/{ids['REF-NEW']}").status_code == 204


def test_a_renamed_provision_keeps_its_id(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    (provision_id,) = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")]).json()[
        "provisionIds"
    ]
    renamed = a_provision(document, "REF-1-RENAMED", "One")
    assert publisher.call("PUT", f"provisions/{provision_id}", renamed).status_code == 200
    assert SandboxProvision.objects.get(pk=provision_id).reference == "REF-1-RENAMED"
    original = document["data"]["source"]["provision"][0]["reference"]
    clash = a_provision(document, original, "Clash")
    assert publisher.call("PUT", f"provisions/{provision_id}", clash).status_code == 400


# --- who may call ---------------------------------------------------------------------------


@pytest.mark.parametrize("app_id", [None, "", "not-a-uuid"])
def test_a_missing_or_malformed_app_id_answers_400(
    publisher: Publisher, document: dict, dtro_id: str, app_id: str | None
) -> None:
    header = {"App-Id": app_id}
    (whole_id,) = SandboxProvision.objects.filter(dtro_id=dtro_id).values_list("pk", flat=True)
    for answer in (
        publisher.add(dtro_id, [a_provision(document, "REF-1", "One")], **header),
        publisher.call("PUT", f"provisions/{whole_id}", a_provision(document, "R", "X"), **header),
        publisher.call("DELETE", f"provisions/{whole_id}", **header),
    ):
        assert answer.status_code == 400
        body = answer.json()
        assert body["title"] == "One or more validation errors occurred."
        assert list(body["errors"]) == ["App-Id"]
    assert publisher.held(dtro_id) == document["data"]["source"]["provision"]


def test_another_apps_id_answers_403(publisher: Publisher, document: dict, dtro_id: str) -> None:
    (provision_id,) = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")]).json()[
        "provisionIds"
    ]
    other = str(uuid.uuid4())
    for answer in (
        publisher.add(dtro_id, [a_provision(document, "REF-2", "Two")], **{"App-Id": other}),
        publisher.call("DELETE", f"provisions/{provision_id}", **{"App-Id": other}),
    ):
        assert answer.status_code == 403
        assert answer.json()["message"] == "Forbidden"
    assert len(publisher.held(dtro_id)) == 2


def test_only_the_records_owner_may_change_its_provisions(
    publisher: Publisher, other_publisher: Publisher, document: dict, dtro_id: str
) -> None:
    (provision_id,) = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")]).json()[
        "provisionIds"
    ]
    other_tra = SandboxApp.objects.get(application_name=other_publisher.app_id).tra_code
    expected = {
        "message": "Forbidden",
        "error": f"Traffic authority {other_tra} is not the creator or owner of D-TRO '{dtro_id}'",
    }
    for answer in (
        other_publisher.add(dtro_id, [a_provision(document, "REF-2", "Two")]),
        other_publisher.call(
            "PUT", f"provisions/{provision_id}", a_provision(document, "REF-1", "X")
        ),
        other_publisher.call("DELETE", f"provisions/{provision_id}"),
    ):
        assert (answer.status_code, answer.json()) == (403, expected)
    assert len(publisher.held(dtro_id)) == 2


# --- the record as GET shows it, and the gateway's faults -------------------------------------


def test_get_shows_last_upversioned_when_the_record_was_upversioned(
    publisher: Publisher, dtro_id: str
) -> None:
    assert publisher.record(dtro_id)["lastUpversioned"] is None
    SandboxDtro.objects.filter(pk=dtro_id).update(
        last_upversioned=datetime(2026, 4, 30, 9, 15, 7, 123456, tzinfo=UTC)
    )
    assert publisher.record(dtro_id)["lastUpversioned"] == "2026-04-30T09:15:07Z"


def test_injected_faults_apply_to_provision_writes(
    publisher: Publisher, document: dict, dtro_id: str
) -> None:
    with faults.configure(error_5xx_rate=1.0):
        refused = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")])
    assert refused.status_code == 503
    assert len(publisher.held(dtro_id)) == 1

    with faults.configure(error_5xx_after_rate=1.0):
        lost = publisher.add(dtro_id, [a_provision(document, "REF-1", "One")])
    assert lost.status_code == 503
    assert [p["reference"] for p in publisher.held(dtro_id)][1:] == ["REF-1"]  # it committed

    (provision_id,) = SandboxProvision.objects.filter(reference="REF-1").values_list(
        "pk", flat=True
    )
    with faults.configure(rate_429_rate=1.0):
        throttled = publisher.call("DELETE", f"provisions/{provision_id}")
    assert throttled.status_code == 429
    assert len(publisher.held(dtro_id)) == 2
