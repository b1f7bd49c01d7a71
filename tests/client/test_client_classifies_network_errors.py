from __future__ import annotations

import socket
import time

import pytest
from client_helpers import make_credential, sandbox_app

from dtro_app.client import DtroClient, TransientError, UnknownOutcomeError
from dtro_app.models import ApiCredential, TrafficAuthority
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)

HELD = 1.5  # how long the sandbox holds its answer; the client gives up after 0.5 s


def test_a_read_timeout_on_a_create_is_an_unknown_outcome_and_the_record_exists(
    credential: ApiCredential, document: dict
) -> None:
    from sandbox import faults
    from sandbox.models import SandboxDtro

    api = DtroClient(credential, timeout=(5, 0.5))
    api.schema_versions()
    with faults.configure(app=sandbox_app(credential), timeout_rate=1.0, timeout_seconds=HELD):
        with pytest.raises(UnknownOutcomeError) as caught:
            api.create_from_body(document)
        time.sleep(HELD)  # let the held answer finish before the switch is removed
    assert caught.value.status is None
    call = OutboundCall.objects.get(path="/dtros/createFromBody")
    assert (call.status, call.outcome) == (None, "unknown_outcome")
    assert "ReadTimeout" in call.error_excerpt
    # Why it must be reconciled, not resent: the service did store it.
    assert SandboxDtro.objects.filter(tro_name=document["data"]["source"]["troName"]).exists()


def test_a_read_timeout_on_a_read_is_transient(credential: ApiCredential) -> None:
    from sandbox import faults

    api = DtroClient(credential, timeout=(5, 0.5))
    api.schema_versions()
    with faults.configure(app=sandbox_app(credential), latency_ms=int(HELD * 1000)):
        with pytest.raises(TransientError):
            api.schema_versions()
        time.sleep(HELD)


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_refused_connection_is_transient_even_for_a_create(
    tra: TrafficAuthority, document: dict
) -> None:
    url = f"http://127.0.0.1:{unused_port()}/sandbox/v1"
    credential = make_credential(tra, url, "nobody", "nothing-to-see-here")
    with pytest.raises(TransientError) as caught:
        DtroClient(credential).create_from_body(document)
    # The token call fails first; its request never left this machine.
    assert caught.value.kind == "transient"
    assert OutboundCall.objects.get().outcome == "transient"


def test_a_refused_connection_after_the_token_is_transient_for_a_create(
    credential: ApiCredential, document: dict
) -> None:
    api = DtroClient(credential)
    api.schema_versions()
    api.base_url = f"http://127.0.0.1:{unused_port()}/sandbox/v1"
    with pytest.raises(TransientError):
        api.create_from_body(document)
    call = OutboundCall.objects.filter(path="/dtros/createFromBody").get()
    assert (call.status, call.outcome) == (None, "transient")
