from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from dtro_app.catalogue.tasks import refresh_schemas_task
from dtro_app.models import ApiCredential, Environment, SchemaVersionRecord

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox_credential(live_server, tra):  # type: ignore[no-untyped-def]
    from sandbox.services import ensure_demo_app

    client_id, secret = ensure_demo_app(tra.code, "Demo publisher")
    credential = ApiCredential(
        authority=tra,
        environment=Environment.SANDBOX,
        base_url=f"{live_server.url}/sandbox/v1",
        client_id=client_id,
    )
    credential.set_secret(secret)
    credential.save()
    yield credential
    from dtro_validation import reset_registry

    reset_registry()  # the cached rows are flushed after the test; forget them here too


def test_the_command_caches_every_version_the_service_offers(sandbox_credential, capsys):
    call_command("refresh_schemas")
    cached = set(SchemaVersionRecord.objects.values_list("version", flat=True))
    assert {"3.4.0", "4.0.0"} <= cached
    assert SchemaVersionRecord.objects.get(version="3.4.0").rules
    assert "Cached schema versions" in capsys.readouterr().out


def test_the_daily_task_does_the_same(sandbox_credential):
    assert "4.0.0" in refresh_schemas_task()


def test_without_a_credential_the_command_says_what_to_do():
    with pytest.raises(CommandError, match="add one in the admin"):
        call_command("refresh_schemas")
