"""The client's provision-level calls against the sandbox over HTTP: ids, App-Id, errors."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest

from dtro_app.client import DtroClient, DuplicateError, PermanentError, UnknownOutcomeError
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def a_provision(document: dict[str, Any], reference: str, description: str) -> dict[str, Any]:
    provision = copy.deepcopy(document["data"]["source"]["provision"][0])
    provision["reference"] = reference
    provision["provisionDescription"] = description
    return provision


def provisions_held(client: DtroClient, dtro_id: str) -> list[dict[str, Any]]:
    return client.get(dtro_id)["data"]["source"]["provision"]


@pytest.fixture
def client(sandbox_credential: ApiCredential) -> DtroClient:
    return DtroClient(sandbox_credential)


@pytest.fixture
def document(sandbox_credential: ApiCredential) -> dict[str, Any]:
    from tests.dtro_examples import example_document, with_tra

    return with_tra(example_document(), sandbox_credential.authority.code)


def test_created_provisions_come_back_with_their_ids_in_order(
    client: DtroClient, document: dict
) -> None:
    dtro_id = client.create_from_body(document)["id"]
    added = [a_provision(document, f"REF-{n}", f"Schedule 2, item {n}") for n in (1, 2)]

    ids = client.create_provisions(dtro_id, added)

    assert len(ids) == 2 and all(isinstance(i, uuid.UUID) for i in ids)
    assert [p["reference"] for p in provisions_held(client, dtro_id)][1:] == ["REF-1", "REF-2"]
    sent = OutboundCall.objects.filter(path__startswith="/provisions/createFromBody").get()
    assert (sent.method, sent.status, sent.outcome) == ("POST", 201, "success")


def test_an_update_and_a_delete_change_only_their_provision(
    client: DtroClient, document: dict
) -> None:
    dtro_id = client.create_from_body(document)["id"]
    first, second = client.create_provisions(
        dtro_id, [a_provision(document, "REF-1", "One"), a_provision(document, "REF-2", "Two")]
    )

    assert client.update_provision(second, a_provision(document, "REF-2", "Two, amended")) is None
    assert client.delete_provision(first) is None

    held = provisions_held(client, dtro_id)
    assert [(p["reference"], p["provisionDescription"]) for p in held] == [
        (document["data"]["source"]["provision"][0]["reference"], held[0]["provisionDescription"]),
        ("REF-2", "Two, amended"),
    ]
    assert len(client.source_history(dtro_id)) == 4  # now and the three earlier contents


def test_the_credentials_app_id_travels_in_the_app_id_header(
    sandbox_credential: ApiCredential, document: dict
) -> None:
    from client_helpers import Watched

    with Watched() as session:
        client = DtroClient(sandbox_credential, session=session)
        dtro_id = client.create_from_body(document)["id"]
        client.create_provisions(dtro_id, [a_provision(document, "REF-1", "One")])
    request = session.exchanges[-1][0]
    assert request.headers["App-Id"] == str(sandbox_credential.app_id)
    assert "App-Id" not in session.exchanges[-2][0].headers  # only provision calls carry it


def test_without_an_app_id_nothing_is_sent(
    sandbox_credential: ApiCredential, document: dict
) -> None:
    sandbox_credential.app_id = None
    client = DtroClient(sandbox_credential)
    dtro_id = client.create_from_body(document)["id"]
    calls_before = OutboundCall.objects.count()

    with pytest.raises(ValueError, match="App-Id"):
        client.create_provisions(dtro_id, [a_provision(document, "REF-1", "One")])
    with pytest.raises(ValueError, match="App-Id"):
        client.update_provision(uuid.uuid4(), a_provision(document, "REF-1", "One"))
    with pytest.raises(ValueError, match="App-Id"):
        client.delete_provision(uuid.uuid4())
    assert OutboundCall.objects.count() == calls_before


def test_an_empty_list_of_provisions_is_not_sent(client: DtroClient, document: dict) -> None:
    dtro_id = client.create_from_body(document)["id"]
    calls_before = OutboundCall.objects.count()
    with pytest.raises(ValueError, match="at least one provision"):
        client.create_provisions(dtro_id, [])
    assert OutboundCall.objects.count() == calls_before


def test_an_invalid_provision_is_refused_for_good_with_its_issues(
    client: DtroClient, document: dict
) -> None:
    dtro_id = client.create_from_body(document)["id"]
    broken = a_provision(document, "REF-1", "One")
    broken["regulatedPlace"] = "not a list"

    with pytest.raises(PermanentError) as caught:
        client.create_provisions(dtro_id, [broken])
    assert caught.value.status == 400
    assert caught.value.issues


def test_an_identical_update_is_a_duplicate(client: DtroClient, document: dict) -> None:
    dtro_id = client.create_from_body(document)["id"]
    provision = a_provision(document, "REF-1", "One")
    (provision_id,) = client.create_provisions(dtro_id, [provision])

    with pytest.raises(DuplicateError) as caught:
        client.update_provision(provision_id, provision)
    assert caught.value.status == 409


def test_an_unknown_provision_is_a_permanent_404(client: DtroClient, document: dict) -> None:
    with pytest.raises(PermanentError) as caught:
        client.delete_provision(uuid.uuid4())
    assert caught.value.status == 404


def test_an_answer_without_an_id_for_each_provision_is_an_unknown_outcome(
    sandbox_credential: ApiCredential, document: dict
) -> None:
    from client_helpers import Watched

    class OneIdShort(Watched):
        # A proxy that mangles the answer: the service applied the change, the ids are lost.
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            response = super().request(method, url, *args, **kwargs)
            if "/provisions/createFromBody" in url:
                body = response.json()
                body["provisionIds"] = body["provisionIds"][:-1]
                response._content = json.dumps(body).encode()
            return response

    with OneIdShort() as session:
        client = DtroClient(sandbox_credential, session=session)
        dtro_id = client.create_from_body(document)["id"]
        added = [a_provision(document, "REF-1", "One"), a_provision(document, "REF-2", "Two")]
        with pytest.raises(UnknownOutcomeError):
            client.create_provisions(dtro_id, added)
