from __future__ import annotations

import base64

import pytest
from django.core.management import call_command

from dtro_app.demo import DEMO_TRA_CODE
from dtro_app.models import ApiCredential, Environment

pytestmark = pytest.mark.django_db


def set_up_twice() -> None:
    call_command("seed_demo")
    call_command("setup_demo_services", base_url="http://testserver")
    call_command("setup_demo_services", base_url="http://testserver")


def test_each_demo_tra_gets_one_sandbox_credential_even_when_run_twice():
    set_up_twice()
    credentials = ApiCredential.objects.filter(environment=Environment.SANDBOX)
    assert credentials.count() == 2
    assert {c.base_url for c in credentials} == {"http://testserver/sandbox/v1"}


def test_the_demo_credential_obtains_a_token_from_the_sandbox(client):
    set_up_twice()
    credential = ApiCredential.objects.get(authority__code=DEMO_TRA_CODE)
    basic = base64.b64encode(f"{credential.client_id}:{credential.get_secret()}".encode())
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data="grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {basic.decode()}",
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


def test_the_secret_is_stored_encrypted(client):
    set_up_twice()
    credential = ApiCredential.objects.get(authority__code=DEMO_TRA_CODE)
    assert credential.get_secret() not in credential.encrypted_secret


def test_the_demo_tra_starts_with_a_draft_one_awaiting_approval_and_one_approved():
    from dtro_app.models import Dtro, Submission

    call_command("seed_demo")
    call_command("seed_demo")
    statuses = sorted(Dtro.objects.values_list("status", flat=True))
    assert statuses == ["awaiting_approval", "draft", "in_delivery"]
    assert Submission.objects.get().state == "queued"


def test_the_demo_credentials_carry_their_sandbox_apps_app_id():
    from sandbox.models import SandboxApp

    set_up_twice()
    for credential in ApiCredential.objects.filter(environment=Environment.SANDBOX):
        app = SandboxApp.objects.get(client_id=credential.client_id)
        assert credential.app_id == app.application_name
