"""Export: the portal streams the service's CSV; an expired signed URL is replaced once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.urls import reverse
from service_helpers import held_elsewhere

from dtro_app.catalogue.reads import _export_cache_key
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def _body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(cast(Iterator[bytes], response.streaming_content)).decode()


def test_the_download_streams_every_live_dtro_as_csv(officer_client, tra, sandbox_credential):
    service_id = held_elsewhere(sandbox_credential, tra, name_suffix="exported")

    response = officer_client.get(reverse("dtro_app:export_download"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="dtros_')
    body = _body(response)
    assert body.startswith("id,schemaVersion,traCreator,currentTraOwner,troName")
    assert service_id in body


def test_an_expired_signed_url_is_requested_again_once(officer_client, tra, sandbox_credential):
    from outbound.models import OutboundCall

    held_elsewhere(sandbox_credential, tra, name_suffix="exported again")
    officer_client.get(reverse("dtro_app:export_download"))
    key = _export_cache_key(sandbox_credential)
    # The storage refuses a stale signature with 403, as it does an expired one.
    cache.set(key, cache.get(key).replace("X-Sandbox-Signature=", "X-Sandbox-Signature=stale"))
    before = OutboundCall.objects.filter(path="/dtros/all").count()

    response = officer_client.get(reverse("dtro_app:export_download"))

    assert response.status_code == 200
    assert "exported again" in _body(response)
    assert OutboundCall.objects.filter(path="/dtros/all").count() == before + 1


def test_a_failing_service_leaves_the_officer_on_the_export_page(
    officer_client, sandbox_credential
):
    with faults.configure(error_5xx_rate=1.0):
        response = officer_client.get(reverse("dtro_app:export_download"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The D-TRO service is not responding; try again in a minute" in html
