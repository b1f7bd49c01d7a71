from __future__ import annotations

from typing import Any

import pytest
import requests

from dtro_app.client import DtroClient, PermanentError
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def calls() -> list[tuple[str, int | None, str]]:
    return list(OutboundCall.objects.order_by("id").values_list("path", "status", "outcome"))


def test_a_revoked_token_is_replaced_once_and_the_call_retried(api: DtroClient) -> None:
    from sandbox.models import SandboxToken

    api.schema_versions()
    SandboxToken.objects.all().delete()  # the service forgets every token it issued
    assert api.schema_versions()
    assert calls() == [
        ("/oauth-generator", 200, "success"),
        ("/schemas/versions", 200, "success"),
        ("/schemas/versions", 401, "transient"),
        ("/oauth-generator", 200, "success"),
        ("/schemas/versions", 200, "success"),
    ]


class SpoilsBearerTokens(requests.Session):
    """Sends every API call with a token the service never issued."""

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        headers = kwargs.get("headers") or {}
        if "Authorization" in headers:
            headers["Authorization"] = "Bearer not-a-token-the-service-issued"
        return super().request(method, url, *args, **kwargs)


def test_a_second_401_after_a_fresh_token_is_permanent(credential: ApiCredential) -> None:
    api = DtroClient(credential, session=SpoilsBearerTokens())
    with pytest.raises(PermanentError) as caught:
        api.schema_versions()
    assert caught.value.status == 401
    assert calls() == [
        ("/oauth-generator", 200, "success"),
        ("/schemas/versions", 401, "transient"),
        ("/oauth-generator", 200, "success"),
        ("/schemas/versions", 401, "permanent"),
    ]
