"""Test connection fetches a token from the sandbox over HTTP and lists its schema versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def press_test_connection(client, credential):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("admin:dtro_app_apicredential_test_connection", args=[credential.pk]),
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_a_good_credential_connects_and_lists_schema_versions(
    supervisor_client, sandbox_credential
):
    from dtro_validation import get_registry

    [message] = press_test_connection(supervisor_client, sandbox_credential)
    assert "connected" in message
    assert get_registry().newest_active().version in message


def test_a_wrong_secret_is_reported_plainly(supervisor_client, sandbox_credential):
    sandbox_credential.set_secret("not-the-secret")
    sandbox_credential.save()
    [message] = press_test_connection(supervisor_client, sandbox_credential)
    assert "refused the client id and secret (401)" in message
    assert "not-the-secret" not in message


def test_an_unreachable_service_is_reported(supervisor_client, sandbox_credential):
    sandbox_credential.base_url = "http://127.0.0.1:9/v1"
    sandbox_credential.save()
    [message] = press_test_connection(supervisor_client, sandbox_credential)
    assert "Check the base URL" in message


def test_the_changelist_action_tests_each_selected_credential(
    supervisor_client, sandbox_credential
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    response = supervisor_client.post(
        reverse("admin:dtro_app_apicredential_changelist"),
        {
            "action": "test_connection_action",
            ACTION_CHECKBOX_NAME: [sandbox_credential.pk],
            "index": 0,
        },
        follow=True,
    )
    assert any("connected" in str(m) for m in response.context["messages"])


def test_a_slow_service_is_given_up_on_quickly(supervisor_client, sandbox_credential, monkeypatch):
    """The check has its own short timeout, not the client's 30 s meant for deliveries."""
    import time

    from dtro_app.admin import credentials as portal_admin
    from sandbox import faults
    from sandbox.models import SandboxApp

    connect, read = portal_admin.CONNECTION_CHECK_TIMEOUT
    assert connect <= 5 and read <= 10
    # Same code path, scaled down so the test stays quick: the service answers in 1.5 s.
    monkeypatch.setattr(portal_admin, "CONNECTION_CHECK_TIMEOUT", (connect, 0.5))
    app = SandboxApp.objects.get(client_id=sandbox_credential.client_id)
    with faults.configure(app=app, latency_ms=1500):
        started = time.monotonic()
        [message] = press_test_connection(supervisor_client, sandbox_credential)
        waited = time.monotonic() - started
        time.sleep(1.5)  # let the held answer finish before the switch is removed
    assert "connected" not in message
    assert "No answer from the D-TRO service" in message
    assert waited < 1.5
