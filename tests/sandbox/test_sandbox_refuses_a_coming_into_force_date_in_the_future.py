"""An order (or, from 3.4.0, a provision) may not come into force after today: the service
refuses it with its own error, the sandbox does too, and the portal says so before sending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from dtro_app.client import DtroClient, PermanentError
from dtro_validation import validate_document
from sandbox.services import demo_credentials
from tests.dtro_examples import example_document, with_tra

pytestmark = pytest.mark.django_db(transaction=True)

TOMORROW = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
TODAY = datetime.now(UTC).date().isoformat()


def _token(sandbox_url: str, credential: Any) -> str:
    answer = requests.post(
        f"{sandbox_url}/oauth-generator",
        data={"grant_type": "client_credentials"},
        auth=demo_credentials(credential.authority.code),
        timeout=10,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def _order(
    tra_code: int, *, source_date: str | None = None, provision_date: str | None = None
) -> dict:
    document = with_tra(example_document(), tra_code)
    source = document["data"]["source"]
    if source_date:
        source["comingIntoForceDate"] = source_date
    if provision_date:
        source["provision"][0]["comingIntoForceDate"] = provision_date
    return document


def test_the_sandbox_refuses_an_order_coming_into_force_tomorrow(
    sandbox_url: str, sandbox_credential: Any
) -> None:
    document = _order(sandbox_credential.authority.code, source_date=TOMORROW)
    answer = requests.post(
        f"{sandbox_url}/dtros/createFromBody",
        json=document,
        headers={"Authorization": f"Bearer {_token(sandbox_url, sandbox_credential)}"},
        timeout=30,
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "ruleError_0": {
            "name": "Invalid 'comingIntoForceDate'",
            "message": "The date that the TRO is coming into force",
            "path": "Source -> comingIntoForceDate",
            "rule": "comingIntoForceDate can not be in the future",
        }
    }


def test_a_provision_coming_into_force_tomorrow_is_refused_in_plain_english(
    sandbox_credential: Any,
) -> None:
    document = _order(sandbox_credential.authority.code, provision_date=TOMORROW)
    with pytest.raises(PermanentError) as refused:
        DtroClient(sandbox_credential).create_from_body(document)
    (issue,) = refused.value.issues
    assert issue.path == "/data/source/provision"  # the service names no provision
    assert issue.service["path"] == "Source -> Provision -> comingIntoForceDate"
    assert "does not accept a coming-into-force date after today" in issue.message


def test_an_order_in_force_today_is_accepted(sandbox_credential: Any) -> None:
    document = _order(sandbox_credential.authority.code, source_date=TODAY, provision_date=TODAY)
    document["data"]["source"]["madeDate"] = TODAY
    assert DtroClient(sandbox_credential).create_from_body(document)["id"]


def test_the_portal_states_the_same_before_sending() -> None:
    document = _order(99999, source_date=TOMORROW, provision_date=TOMORROW)
    found = [
        (issue.path, issue.code, issue.service["rule"])
        for issue in validate_document(document, tra_code=99999).issues
        if issue.code == "coming_into_force_in_future"
    ]
    rule = "comingIntoForceDate can not be in the future"
    assert found == [
        ("/data/source/comingIntoForceDate", "coming_into_force_in_future", rule),
        ("/data/source/provision/0/comingIntoForceDate", "coming_into_force_in_future", rule),
    ]
