from __future__ import annotations

import pytest
from client_helpers import sandbox_app

from dtro_app.client import DtroClient, TransientError, UnknownOutcomeError
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_on_a_create_is_an_unknown_outcome(
    api: DtroClient, credential: ApiCredential, document: dict, status: int
) -> None:
    from sandbox import faults

    api.schema_versions()  # token first: the token endpoint has no faults
    app = sandbox_app(credential)
    with (
        faults.configure(app=app, error_5xx_rate=1.0, error_5xx_status=status),
        pytest.raises(UnknownOutcomeError) as caught,
    ):
        api.create_from_body(document)
    assert (caught.value.kind, caught.value.status) == ("unknown_outcome", status)
    call = OutboundCall.objects.get(path="/dtros/createFromBody")
    assert (call.status, call.outcome) == (status, "unknown_outcome")
    assert call.error_excerpt


def test_a_5xx_on_a_read_is_transient(api: DtroClient, credential: ApiCredential) -> None:
    from sandbox import faults

    with faults.configure(app=sandbox_app(credential), error_5xx_rate=1.0):
        with pytest.raises(TransientError) as caught:
            api.schema_versions()
        # Search and events are POSTs that change nothing: transient too.
        with pytest.raises(TransientError):
            api.search({"page": 1, "pageSize": 10, "queries": [{"traCreator": 99999}]})
    assert (caught.value.kind, caught.value.status) == ("transient", 503)


def test_a_5xx_on_an_update_or_delete_is_an_unknown_outcome(
    api: DtroClient, credential: ApiCredential, document: dict
) -> None:
    from sandbox import faults

    dtro_id = api.create_from_body(document)["id"]
    with faults.configure(app=sandbox_app(credential), error_5xx_rate=1.0, error_5xx_status=502):
        with pytest.raises(UnknownOutcomeError):
            api.update_from_body(dtro_id, document)
        with pytest.raises(UnknownOutcomeError):
            api.delete(dtro_id)
