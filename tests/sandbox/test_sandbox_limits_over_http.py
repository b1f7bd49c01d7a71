"""The sandbox refuses what the DfT gateway refuses, seen by the portal's client over HTTP:
a body over 10 MB (413, Apigee's TooBigBody fault) and a gzip file that inflates past 25 MB
(400, found while inflating in chunks, never inflated whole)."""

from __future__ import annotations

import gzip

import pytest

from dtro_app.client import DtroClient
from dtro_app.client.errors import PermanentError

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_body_over_ten_megabytes_is_refused_with_413(sandbox_credential) -> None:
    envelope = {"schemaVersion": "3.5.0", "data": {"pad": "x" * (10 * 1024 * 1024)}}
    with pytest.raises(PermanentError) as refused:
        DtroClient(sandbox_credential).create_from_body(envelope)
    assert refused.value.status == 413
    assert "TooBigBody" in str(refused.value.body)


def test_a_gzip_file_inflating_past_25_megabytes_is_refused_with_400(sandbox_credential) -> None:
    inflated = b'{"schemaVersion":"3.5.0","data":{"pad":"' + b"0" * (26 * 1024 * 1024) + b'"}}'
    packed = gzip.compress(inflated)
    assert len(packed) < 1024 * 1024
    with pytest.raises(PermanentError) as refused:
        DtroClient(sandbox_credential).create_from_file(packed, "order.json.gz")
    assert refused.value.status == 400
    assert "25 MB" in str(refused.value.body)
