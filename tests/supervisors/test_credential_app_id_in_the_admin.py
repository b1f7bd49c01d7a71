"""A credential's App-Id (needed for provision-level calls) is entered and audited in the admin."""

from __future__ import annotations

import uuid

import pytest
from auth_helpers import make_superuser
from django.test import Client

from dtro_app.models import ApiCredential, AuditEvent, TrafficAuthority

pytestmark = pytest.mark.django_db

APP_ID = uuid.UUID("3f2b9c4e-8d1a-4b6e-9c0f-2a7d5e1b4c83")


def test_a_supervisor_enters_the_app_id_and_the_audit_records_it(
    client: Client, tra: TrafficAuthority
) -> None:
    client.force_login(make_superuser())
    assert 'name="app_id"' in client.get("/admin/dtro_app/apicredential/add/").content.decode()

    response = client.post(
        "/admin/dtro_app/apicredential/add/",
        {
            "authority": tra.pk,
            "environment": "integration",
            "base_url": "https://dtro-integration.dft.gov.uk/v1",
            "client_id": "my-client",
            "app_id": str(APP_ID),
            "secret": "a-secret-long-enough-for-the-form",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    credential = ApiCredential.objects.get()
    assert credential.app_id == APP_ID
    change_page = client.get(f"/admin/dtro_app/apicredential/{credential.pk}/change/")
    assert str(APP_ID) in change_page.content.decode()
    created = AuditEvent.objects.get(action="credential.created")
    assert created.after["app_id"] == str(APP_ID)
