from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from dtro_app.models import ApiCredential, AuditEvent

pytestmark = pytest.mark.django_db

SECRET = "s3cret-that-must-never-render-7f3a"


def credential_form(tra, **changes):  # type: ignore[no-untyped-def]
    """The admin form's fields for an integration credential of `tra`."""
    return {
        "authority": tra.pk,
        "environment": "integration",
        "base_url": "https://dtro-integration.dft.gov.uk/v1",
        "client_id": "portal-client",
        "is_active": "on",
        **changes,
    }


def add_credential(client, tra):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("admin:dtro_app_apicredential_add"),
        credential_form(tra, secret=SECRET),
    )


def test_no_admin_page_or_log_shows_the_secret(supervisor_client, supervisor, tra, caplog):
    caplog.set_level(logging.DEBUG)
    assert add_credential(supervisor_client, tra).status_code == 302
    credential = ApiCredential.objects.get()
    assert credential.get_secret() == SECRET
    event = AuditEvent.objects.get(action="credential.created")
    pages = [
        reverse("admin:dtro_app_apicredential_changelist"),
        reverse("admin:dtro_app_apicredential_change", args=[credential.pk]),
        reverse("admin:dtro_app_auditevent_changelist"),
        reverse("admin:dtro_app_auditevent_change", args=[event.pk]),
        reverse("admin:dtro_app_auditevent_export"),
        reverse("admin:index"),
    ]
    for url in pages:
        body = supervisor_client.get(url).content.decode()
        assert SECRET not in body, url
        assert credential.encrypted_secret not in body, url
    assert SECRET not in caplog.text
    assert credential.encrypted_secret not in caplog.text


def test_changing_a_credential_audits_fields_but_not_the_secret(supervisor_client, supervisor, tra):
    add_credential(supervisor_client, tra)
    credential = ApiCredential.objects.get()
    response = supervisor_client.post(
        reverse("admin:dtro_app_apicredential_change", args=[credential.pk]),
        credential_form(tra, client_id="renamed-client", secret="another-" + SECRET),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="credential.changed")
    assert event.actor == supervisor
    assert event.before["client_id"] == "portal-client"
    assert event.after["client_id"] == "renamed-client"
    assert event.after["secret_changed"] is True
    recorded = f"{event.before} {event.after} {event.summary}"
    assert SECRET not in recorded
    assert "encrypted" not in recorded


def test_a_blank_secret_keeps_the_old_one(supervisor_client, tra):
    add_credential(supervisor_client, tra)
    credential = ApiCredential.objects.get()
    supervisor_client.post(
        reverse("admin:dtro_app_apicredential_change", args=[credential.pk]),
        credential_form(tra, secret=""),
    )
    credential.refresh_from_db()
    assert credential.get_secret() == SECRET
    assert AuditEvent.objects.get(action="credential.changed").after["secret_changed"] is False


def test_a_new_credential_needs_a_secret(supervisor_client, tra):
    response = supervisor_client.post(
        reverse("admin:dtro_app_apicredential_add"),
        credential_form(tra, secret=""),
    )
    assert response.status_code == 200
    assert "Enter the client secret" in response.content.decode()
    assert not ApiCredential.objects.exists()
