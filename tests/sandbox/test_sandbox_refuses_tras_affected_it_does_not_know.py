"""Every TRA affected must be one the service knows (here: a TRA with a sandbox app). The
portal cannot know DfT's list, so it learns at delivery and says so plainly."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from dtro_app.client import DtroClient, PermanentError
from sandbox.services import demo_credentials
from tests.dtro_examples import example_document, with_tra

pytestmark = pytest.mark.django_db(transaction=True)

UNREGISTERED = 12345


def _order(tra_code: int, affected: list[int]) -> dict[str, Any]:
    document = with_tra(example_document(), tra_code)
    document["data"]["source"]["traAffected"] = affected
    return document


def test_the_sandbox_refuses_a_tra_affected_that_it_does_not_know(
    sandbox_url: str, sandbox_credential: Any
) -> None:
    code = sandbox_credential.authority.code
    token = requests.post(
        f"{sandbox_url}/oauth-generator",
        data={"grant_type": "client_credentials"},
        auth=demo_credentials(code),
        timeout=10,
    ).json()["access_token"]
    answer = requests.post(
        f"{sandbox_url}/dtros/createFromBody",
        json=_order(code, [code, UNREGISTERED]),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "ruleError_0": {
            "name": "Invalid 'traAffected'",
            "message": "Traffic regulation authorities who roads are affected by this D-TRO",
            "path": "Source -> traAffected",
            "rule": "Current TRA affected must be a valid SWA-like code and known to the D-TRO "
            "Service; TRA affected must correspond with the appropriate App-ID",
        }
    }


def test_the_portal_shows_the_refusal_in_plain_english(sandbox_credential: Any) -> None:
    code = sandbox_credential.authority.code
    with pytest.raises(PermanentError) as refused:
        DtroClient(sandbox_credential).create_from_body(_order(code, [code, UNREGISTERED]))
    (issue,) = refused.value.issues
    assert issue.path == "/data/source/traAffected"
    assert issue.message.startswith(
        "The D-TRO service does not know one of the TRAs listed as affected by this order."
    )


def test_a_tra_affected_with_its_own_app_is_accepted(
    sandbox_credential: Any, other_sandbox_credential: Any
) -> None:
    code, other = sandbox_credential.authority.code, other_sandbox_credential.authority.code
    assert DtroClient(sandbox_credential).create_from_body(_order(code, [code, other]))["id"]
