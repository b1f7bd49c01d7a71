"""Every injected fault is counted by kind in the database, after-commit ones only for writes."""

from __future__ import annotations

import json
import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from sandbox_helpers import Api

from sandbox import faults, gateway
from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db


def counted() -> dict[str, int]:
    return {kind: n for kind, n in faults.injected_counts().items() if n}


def test_no_fault_is_counted_when_none_is_injected(publisher: Api, document: dict) -> None:
    publisher.create(document)
    assert faults.injected_counts() == dict.fromkeys(faults.KINDS, 0)


def test_a_5xx_before_commit_is_counted_and_stores_nothing(publisher: Api, document: dict) -> None:
    with faults.configure(error_5xx_rate=1.0):
        assert publisher.post("dtros/createFromBody", document).status_code == 503
    assert not SandboxDtro.objects.exists()
    assert counted() == {"5xx_before_commit": 1}


def test_a_5xx_after_commit_stores_the_record_and_answers_a_gateway_503(
    publisher: Api, document: dict
) -> None:
    with faults.configure(error_5xx_after_rate=1.0):
        response = publisher.post("dtros/createFromBody", document)
    assert response.status_code == 503
    assert response.json()["fault"]["detail"]["errorcode"] == (
        "messaging.adaptors.http.flow.ServiceUnavailable"
    )
    assert SandboxDtro.objects.count() == 1
    assert counted() == {"5xx_after_commit": 1}


def test_after_commit_faults_spare_refused_writes_and_only_slow_reads(
    publisher: Api, document: dict
) -> None:
    publisher.create(document)
    with faults.configure(
        error_5xx_after_rate=1.0, timeout_rate=1.0, timeout_seconds=0.01, drop_rate=1.0
    ):
        assert publisher.get("schemas/versions").status_code == 200
        assert publisher.post("dtros/createFromBody", document).status_code == 400
    assert counted() == {"slow_read": 1}


def test_timeouts_drops_and_injected_429s_are_counted_by_kind(
    publisher: Api, document: dict
) -> None:
    second = {**document, "data": {**document["data"]}}
    second["data"]["source"] = {**document["data"]["source"], "troName": "Another order"}
    with faults.configure(timeout_rate=1.0, timeout_seconds=0.01):
        assert publisher.post("dtros/createFromBody", document).status_code == 201
    with faults.configure(drop_rate=1.0, drop_hold_seconds=0.01):
        publisher.post("dtros/createFromBody", second)
    with faults.configure(rate_429_rate=1.0):
        assert publisher.get("schemas/versions").status_code == 429
        assert publisher.get("schemas/versions").status_code == 429
    assert counted() == {"timeout_after_commit": 1, "drop_after_commit": 1, "429": 2}
    assert SandboxDtro.objects.count() == 2


def test_spike_arrest_refusals_are_counted_apart_from_injected_429s(publisher: Api) -> None:
    gateway.set_spike_arrest(1, 1)
    statuses = [publisher.get("schemas/versions").status_code for _ in range(3)]
    assert statuses == [200, 429, 429]
    assert counted() == {"spike_arrest": 2}


def test_the_counts_are_readable_with_plain_sql_and_reset(publisher: Api) -> None:
    with faults.configure(rate_429_rate=1.0):
        publisher.get("schemas/versions")
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, count FROM sandbox_sandboxfaultcount")
        assert cursor.fetchall() == [("429", 1)]
    faults.reset_counts()
    assert counted() == {}


def test_the_command_prints_every_count_as_one_json_object(publisher: Api) -> None:
    with faults.configure(error_5xx_rate=1.0):
        publisher.get("schemas/versions")
    out = StringIO()
    call_command("sandbox_fault_counts", stdout=out)
    assert json.loads(out.getvalue()) == {**dict.fromkeys(faults.KINDS, 0), "5xx_before_commit": 1}
    call_command("sandbox_fault_counts", "--reset", stdout=StringIO())
    assert counted() == {}


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        faults.count("teapot")


@pytest.mark.django_db(transaction=True)
def test_concurrent_counting_loses_no_increment() -> None:
    errors: list[BaseException] = []

    def add(times: int) -> None:
        try:
            for _ in range(times):
                faults.count(faults.TIMEOUT_AFTER_COMMIT)
        except BaseException as error:  # a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(50,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert faults.injected_counts()["timeout_after_commit"] == 200


def test_a_misspelt_fault_variable_stops_management_commands(settings: Any) -> None:
    from django.core.management.base import SystemCheckError

    # As the settings record it when SANDBOX_FAULT_ERROR_5XX_RATE is set at start-up.
    settings.SANDBOX_FAULT_VARIABLES = ["SANDBOX_FAULT_ERROR_5XX_RATE"]
    with pytest.raises(SystemCheckError, match="SANDBOX_FAULT_ERROR_5XX_RATE"):
        call_command("check")
