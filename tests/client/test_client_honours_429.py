from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from client_helpers import sandbox_app

from dtro_app.client import DEFAULT_RETRY_AFTER, DtroClient, RateLimited, parse_retry_after
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_429_with_retry_after_is_transient_with_that_wait(
    api: DtroClient, credential: ApiCredential, document: dict
) -> None:
    from sandbox import faults

    app = sandbox_app(credential)
    with (
        faults.configure(app=app, rate_429_rate=1.0, retry_after_seconds=7),
        pytest.raises(RateLimited) as caught,
    ):
        api.create_from_body(document)
    assert (caught.value.kind, caught.value.status, caught.value.retry_after) == (
        "transient",
        429,
        7.0,
    )
    call = OutboundCall.objects.get(path="/dtros/createFromBody")
    assert (call.status, call.outcome) == (429, "transient")


def test_a_429_without_retry_after_waits_the_default(
    api: DtroClient, credential: ApiCredential
) -> None:
    from sandbox import faults

    with (
        faults.configure(app=sandbox_app(credential), rate_429_rate=1.0),
        pytest.raises(RateLimited) as caught,
    ):
        api.get("6f4e1a52-2f8e-4a8c-9d1b-0c7a1f3e5b21")
    assert caught.value.status == 429
    assert caught.value.retry_after == DEFAULT_RETRY_AFTER


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after(
        format_datetime(now + timedelta(seconds=90), usegmt=True), now=now
    ) == (90.0)
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now=now) == (
        0.0
    )
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
