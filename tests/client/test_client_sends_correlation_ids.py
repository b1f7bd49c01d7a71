from __future__ import annotations

import uuid

import pytest
from client_helpers import Watched

from dtro_app.client import DtroClient
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_call_carries_a_new_correlation_id_that_is_stored_and_echoed(
    api: DtroClient, session: Watched, document: dict
) -> None:
    created = api.create_from_body(document)
    api.get(created["id"])
    api.schema_versions()

    sent = [request.headers["X-Correlation-ID"] for request, _ in session.exchanges]
    echoed = [response.headers["X-Correlation-ID"] for _, response in session.exchanges]
    assert len(sent) == 4  # token, create, get, schema versions
    assert echoed == sent
    assert len(set(sent)) == len(sent)
    assert all(uuid.UUID(value).version == 4 for value in sent)
    assert (
        list(OutboundCall.objects.order_by("id").values_list("correlation_id", flat=True)) == sent
    )


def test_every_call_has_a_timeout(api: DtroClient) -> None:
    with pytest.raises(ValueError):
        DtroClient(api.credential, timeout=(5, None))  # type: ignore[arg-type]
    assert api.timeout == (5.0, 30.0)
