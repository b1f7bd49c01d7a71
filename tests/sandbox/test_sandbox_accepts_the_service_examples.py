"""The service accepts its own 3.4.0 example files; so does the sandbox, over HTTP.

The service validates 3.4.0 with its own template, not DfT's published schema, and reads JSON
with Newtonsoft. Four of its 14 example files (`B:examples/D-TROs/3.4.0` in research, section 11)
relied on that and were refused by the sandbox: github-75 and rates-example (provisions without
`comingIntoForceDate`), real-time-update (`actualStartOrStop` under `troOnRoadActiveStatus`) and
polygon-example (a trailing comma). Those files are not in DTRO_SPEC_DIR, so each is rebuilt
here from DfT's published 3.4.0 examples with the one feature that got it refused.
Every file is sent as the service's own tests send it: its TRA fields replaced by the caller's.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings

from sandbox.services import ensure_demo_app

pytestmark = pytest.mark.django_db(transaction=True)

TRA = 99999
EXAMPLES = Path(settings.DTRO_SPEC_DIR) / "examples" / "3.4.0"


def _example(name: str) -> dict[str, Any]:
    document = json.loads((EXAMPLES / name).read_text(encoding="utf-8-sig"))
    source = document["data"]["source"]
    source["traCreator"] = source["currentTraOwner"] = TRA
    source["traAffected"] = [TRA]
    return document


class Sandbox:
    def __init__(self, base_url: str) -> None:
        client_id, secret = ensure_demo_app(TRA, "Demo County Council")
        answer = requests.post(
            f"{base_url}/oauth-generator",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
            timeout=10,
        )
        answer.raise_for_status()
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def create(self, body: str) -> requests.Response:
        headers = {**self.headers, "Content-Type": "application/json"}
        return requests.post(
            f"{self.base_url}/dtros/createFromBody", data=body.encode(), headers=headers, timeout=30
        )

    def upload(self, body: str) -> requests.Response:
        files = {"file": ("order.json", body.encode(), "application/json")}
        return requests.post(
            f"{self.base_url}/dtros/createFromFile", files=files, headers=self.headers, timeout=30
        )

    def accepted(self, response: requests.Response) -> bool:
        # Removed again, so that an example equal to another is not refused as a duplicate.
        if response.status_code != 201:
            return False
        record = f"{self.base_url}/dtros/{response.json()['id']}"
        requests.delete(record, headers=self.headers, timeout=10).raise_for_status()
        return True


@pytest.fixture
def sandbox(sandbox_url: str) -> Sandbox:
    return Sandbox(sandbox_url)


def test_every_published_3_4_0_example_is_accepted(sandbox: Sandbox) -> None:
    names = sorted(path.name for path in EXAMPLES.glob("*.json"))
    assert len(names) >= 14
    refused = {}
    for name in names:
        response = sandbox.create(json.dumps(_example(name)))
        if not sandbox.accepted(response):
            refused[name] = response.text[:300]
    assert not refused, refused


def test_provisions_without_a_coming_into_force_date_are_accepted(sandbox: Sandbox) -> None:
    # github-75 and rates-example: the service's template does not require the date.
    document = _example("example-derbyshire-2024-dj388-partial.json")
    for provision in document["data"]["source"]["provision"]:
        provision.pop("comingIntoForceDate", None)
    response = sandbox.create(json.dumps(document))
    assert sandbox.accepted(response), response.text[:500]


def test_actual_start_and_stop_of_an_order_active_on_the_road_are_accepted(
    sandbox: Sandbox,
) -> None:
    # real-time-update: a noChange provision reporting when a temporary order started and stopped.
    document = _example("example-ttro-suspensiononeway.json")
    source = document["data"]["source"]
    provision = source["provision"][0]
    for dated in (source, provision):
        dated.pop("comingIntoForceDate", None)
        dated.pop("madeDate", None)
    provision["actionType"] = "noChange"
    provision["orderReportingPoint"] = "troOnRoadActiveStatus"
    provision["actualStartOrStop"] = [
        {"eventAt": "2025-03-26T06:53:00", "eventType": "start"},
        {"eventAt": "2025-03-26T12:45:00", "eventType": "stop"},
    ]
    source["provision"] = [provision]
    response = sandbox.create(json.dumps(document))
    assert sandbox.accepted(response), response.text[:500]


def _with_trailing_comma(document: dict[str, Any]) -> str:
    """polygon-example: a comma after the last provision, as in DfT's file."""
    document = copy.deepcopy(document)
    document["data"]["source"]["provision"].append("END")
    text = json.dumps(document, indent=4)
    assert text.count('"END"') == 1
    return re.sub(r'\s*"END"', "", text)


def test_a_trailing_comma_is_read_as_the_service_reads_it(sandbox: Sandbox) -> None:
    text = _with_trailing_comma(_example("example-ttro-roadclosurewithdiversionroute.json"))
    assert re.search(r"\},\s*\]", text)
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    response = sandbox.create(text)
    assert sandbox.accepted(response), response.text[:500]
    response = sandbox.upload(text)
    assert sandbox.accepted(response), response.text[:500]


def test_json_broken_beyond_a_trailing_comma_is_still_refused(sandbox: Sandbox) -> None:
    text = _with_trailing_comma(_example("example-ttro-roadclosurewithdiversionroute.json"))
    response = sandbox.create(text.replace("],", "]", 1).replace('"data"', '"data" "', 1))
    assert response.status_code == 400
    assert "could not be parsed" in response.text
