"""The D-TRO service cannot read a UTF-8 byte-order mark (BOM). The sandbox refuses one as
the service does, and the client never sends one: not before a file, not inside a gzip, not
inside a string of a body. Over HTTP against the sandbox."""

from __future__ import annotations

import copy
import gzip
import json

import pytest

from dtro_app.client import DtroClient, PermanentError

pytestmark = pytest.mark.django_db(transaction=True)

BOM = b"\xef\xbb\xbf"


def test_the_sandbox_refuses_a_body_that_starts_with_a_bom(api: DtroClient, document) -> None:
    body = BOM + json.dumps(document).encode()

    with pytest.raises(PermanentError) as refused:
        # Past the client's own care, to see what the service side does with one.
        api._request(
            "POST",
            "/dtros/createFromBody",
            write=True,
            data=body,
            headers={"Content-Type": "application/json"},
        )

    assert refused.value.status == 400
    assert "'0xEF' is an invalid start of a value" in json.dumps(refused.value.body)


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_the_sandbox_refuses_a_file_that_starts_with_a_bom(
    api: DtroClient, document, packed: bool
) -> None:
    content = BOM + json.dumps(document).encode()
    content = gzip.compress(content) if packed else content
    name = "order.json.gz" if packed else "order.json"

    with pytest.raises(PermanentError) as refused:
        api._request(
            "POST",
            "/dtros/createFromFile",
            write=True,
            files={"file": (name, content, "application/json")},
        )

    assert refused.value.status == 400
    assert "byte-order mark" in json.dumps(refused.value.body)


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_the_client_sends_a_file_without_its_bom(api: DtroClient, document, packed) -> None:
    named = copy.deepcopy(document)
    named["data"]["source"]["troName"] = "\ufeffHigh Street order"  # files pasted together
    content = BOM + json.dumps(named, ensure_ascii=False).encode()

    dtro_id = api.create_from_file(content, "order.json", gzip=packed)["id"]

    assert api.get(dtro_id)["data"]["source"]["troName"] == "High Street order"


def test_the_client_sends_a_file_already_gzipped_without_its_bom(api: DtroClient, document):
    content = gzip.compress(BOM + json.dumps(document).encode())

    dtro_id = api.create_from_file(content, "order.json.gz")["id"]

    assert api.get(dtro_id)["data"] == document["data"]


def test_the_client_sends_a_body_without_a_bom_in_any_string(api: DtroClient, document):
    named = copy.deepcopy(document)
    named["data"]["source"]["troName"] = "\ufeffHigh Street order"

    dtro_id = api.create_from_body(named)["id"]
    assert api.get(dtro_id)["data"]["source"]["troName"] == "High Street order"
    assert named["data"]["source"]["troName"] == "\ufeffHigh Street order"  # not changed

    named["data"]["source"]["troName"] = "High Street order, \ufeffamended"
    api.update_from_body(dtro_id, named)
    assert api.get(dtro_id)["data"]["source"]["troName"] == "High Street order, amended"
