from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from dtro_app.client import DtroClient
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def token_calls() -> int:
    return OutboundCall.objects.filter(path="/oauth-generator").count()


def test_two_calls_fetch_one_token(api: DtroClient) -> None:
    api.schema_versions()
    api.schema_versions()
    assert token_calls() == 1
    assert OutboundCall.objects.filter(path="/schemas/versions", outcome="success").count() == 2


def test_a_second_client_for_the_same_credential_reuses_the_cached_token(
    api: DtroClient, credential: ApiCredential
) -> None:
    api.schema_versions()
    # A new client stands in for another worker: the token lives in the shared cache.
    DtroClient(ApiCredential.objects.get(pk=credential.pk)).schema_versions()
    assert token_calls() == 1


def test_a_token_is_refetched_shortly_before_it_expires(api: DtroClient) -> None:
    api.schema_versions()
    # 1799 s lifetime minus the 60 s margin: at 29 min 50 s the token counts as expired.
    with time_machine.travel(timezone.now() + timedelta(minutes=29, seconds=50), tick=True):
        api.schema_versions()
    assert token_calls() == 2
    assert not OutboundCall.objects.filter(status=401).exists()


def test_a_credential_with_a_wrong_secret_is_refused_permanently(
    api: DtroClient, credential: ApiCredential
) -> None:
    from dtro_app.client import PermanentError

    credential.set_secret("not-the-secret-at-all")
    credential.save()
    with pytest.raises(PermanentError) as caught:
        DtroClient(credential).schema_versions()
    assert caught.value.status == 401
    call: Any = OutboundCall.objects.get(path="/oauth-generator")
    assert (call.status, call.outcome) == (401, "permanent")
