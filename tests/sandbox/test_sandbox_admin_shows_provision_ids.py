"""The sandbox's admin shows each record's provision ids and each app's App-Id (no API does)."""

from __future__ import annotations

from typing import Any

import pytest
from auth_helpers import make_superuser
from django.test import Client
from sandbox_helpers import Api

from sandbox.models import SandboxProvision

pytestmark = pytest.mark.django_db


def test_a_records_page_lists_its_provision_ids(
    publisher: Api, document: dict[str, Any], client: Client
) -> None:
    dtro_id = publisher.create(document)
    provision = SandboxProvision.objects.get(dtro_id=dtro_id)
    client.force_login(make_superuser())

    record_page = client.get(f"/admin/sandbox/sandboxdtro/{dtro_id}/change/").content.decode()
    apps_page = client.get("/admin/sandbox/sandboxapp/").content.decode()

    assert str(provision.pk) in record_page and provision.reference in record_page
    assert str(publisher.app.application_name) in apps_page  # type: ignore[attr-defined]
