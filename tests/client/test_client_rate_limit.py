from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dtro_app.client import DtroClient, RateLimited, acquire
from dtro_app.models import ApiCall, ApiCredential

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_credential(credential: ApiCredential) -> ApiCredential:
    credential.rate_limit_per_minute = 3
    credential.save()
    return credential


def test_the_fourth_request_in_a_minute_must_wait(slow_credential: ApiCredential) -> None:
    assert [acquire(slow_credential) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = acquire(slow_credential)
    assert 19 < wait <= 20  # one request every 20 s at 3 a minute


def test_the_budget_refills_with_time(slow_credential: ApiCredential) -> None:
    for _ in range(3):
        acquire(slow_credential)
    with time_machine.travel(timezone.now() + timedelta(seconds=21)):
        assert acquire(slow_credential) == 0.0
        assert acquire(slow_credential) > 0


def test_budgets_are_per_credential(
    slow_credential: ApiCredential, other_credential: ApiCredential
) -> None:
    for _ in range(3):
        acquire(slow_credential)
    assert acquire(slow_credential) > 0
    assert acquire(other_credential) == 0.0


def test_the_client_raises_instead_of_sleeping_when_the_budget_is_spent(
    slow_credential: ApiCredential,
) -> None:
    api = DtroClient(slow_credential)
    for _ in range(3):
        api.schema_versions()
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        api.schema_versions()
    assert time.monotonic() - started < 1
    assert caught.value.kind == "transient"
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    # Nothing was sent, so nothing was recorded beyond the token and three calls.
    assert ApiCall.objects.filter(path="/schemas/versions").count() == 3
