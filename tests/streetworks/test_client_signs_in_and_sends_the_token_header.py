from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_signs_in_with_a_camelcase_body_and_sends_the_id_token_in_the_token_header(
    sm_client, emulator
):
    from outbound.models import OutboundCall

    work = sm_client.get_work("DC1000100001")

    assert work["work_reference_number"] == "DC1000100001"
    assert work["active_permit"]["permit_reference_number"] == "DC1000100001-01"
    resource_calls = [e for e in emulator.request_log() if e["path"].endswith("DC1000100001")]
    assert resource_calls and all(e["has_token_header"] for e in resource_calls)
    assert not any(e["has_authorization_header"] for e in resource_calls)
    paths = list(OutboundCall.objects.order_by("id").values_list("path", "status"))
    assert paths == [("/work/authenticate", 200), ("/work/works/DC1000100001", 200)]


def test_it_reuses_the_cached_token_instead_of_signing_in_per_call(sm_client, emulator):
    from outbound.models import OutboundCall

    sm_client.get_work("DC1000100001")
    sm_client.get_permit("DC1000100002", "DC1000100002-01")

    assert OutboundCall.objects.filter(path="/work/authenticate").count() == 1


def test_the_emulator_refuses_a_resource_call_without_the_token_header(sm_account, emulator):
    response = requests.get(f"{sm_account.base_url}/work/works/DC1000100001", timeout=5)

    assert response.status_code == 401
    assert response.json() == {"message": "Authentication failed", "error": {"status": 401}}


def test_no_token_or_password_is_recorded(sm_client, emulator):
    from django.conf import settings

    from outbound.models import OutboundCall
    from streetworks.client import AuthenticationFailed

    sm_client.get_work("DC1000100001")
    sm_client.account.set_password("a-wrong-password-123")
    sm_client.account.save()
    with pytest.raises(AuthenticationFailed):
        sm_client.authenticate()

    stored = " ".join(OutboundCall.objects.values_list("error_excerpt", flat=True))
    assert "a-wrong-password-123" not in stored
    assert settings.STREET_MANAGER_EMULATOR_PASSWORD not in stored
    assert "eyJ" not in stored
