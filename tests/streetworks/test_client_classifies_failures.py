from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_429_is_retried_after_its_retry_after_and_then_succeeds(sm_account, emulator):
    from outbound.models import OutboundCall
    from streetworks.client import StreetManagerClient

    waits: list[float] = []
    client = StreetManagerClient(sm_account, sleep=waits.append)
    emulator.add_fault(429, path="/works/DC1000100001", retry_after="7")

    assert client.get_work("DC1000100001")["usrn"] == 39608173

    assert waits == [7.0]
    outcomes = list(
        OutboundCall.objects.filter(path="/work/works/DC1000100001")
        .order_by("id")
        .values_list("status", "outcome")
    )
    assert outcomes == [(429, "rate_limited"), (200, "success")]


def test_a_429_that_persists_is_raised_as_rate_limited(sm_client, emulator):
    from streetworks.client import RateLimited

    emulator.add_fault(429, path="/works/", times=10, retry_after="3")

    with pytest.raises(RateLimited) as limited:
        sm_client.get_work("DC1000100001")

    assert limited.value.transient
    assert limited.value.retry_after == 3.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient_and_retried(sm_client, emulator, status):
    from outbound.models import OutboundCall

    emulator.add_fault(status, path="/works/DC1000100002")

    assert sm_client.get_work("DC1000100002")["work_reference_number"] == "DC1000100002"
    calls = OutboundCall.objects.filter(path__contains="/works/DC1000100002")
    assert list(calls.order_by("pk").values_list("status", "outcome")) == [
        (status, "transient"),
        (200, "success"),
    ]


def test_a_persistent_server_error_is_raised_as_transient(sm_client, emulator):
    from streetworks.client import TransientError

    emulator.add_fault(503, path="/works/", times=10)

    with pytest.raises(TransientError) as failed:
        sm_client.get_work("DC1000100001")
    assert failed.value.status == 503


def test_a_slow_answer_is_a_transient_timeout(sm_account, emulator):
    from outbound.models import OutboundCall
    from streetworks.client import StreetManagerClient, TransientError

    client = StreetManagerClient(sm_account, timeout=(2, 0.5), max_retries=0)
    client.authenticate()
    emulator.add_fault(0, path="/works/DC1000100001", delay=1.5)

    with pytest.raises(TransientError, match="did not answer in time"):
        client.get_work("DC1000100001")
    assert OutboundCall.objects.filter(outcome="timeout").count() == 1


def test_access_restricted_is_not_retried_or_refreshed(sm_client, emulator):
    from outbound.models import OutboundCall
    from streetworks.client import AccessRestricted

    emulator.configure(restricted_paths=["/permits/"])

    with pytest.raises(AccessRestricted):
        sm_client.get_permit("DC1000100001", "DC1000100001-01")

    assert list(OutboundCall.objects.order_by("id").values_list("path", flat=True)) == [
        "/work/authenticate",
        "/work/works/DC1000100001/permits/DC1000100001-01",
    ]


def test_an_unknown_works_is_not_found(sm_client, emulator):
    from streetworks.client import NotFound

    with pytest.raises(NotFound):
        sm_client.get_work("ZZ999NOSUCHWORKS")


def test_the_emulator_rate_limits_a_busy_caller_and_says_when_to_come_back(sm_account, emulator):
    from streetworks.client import RateLimited, StreetManagerClient

    client = StreetManagerClient(sm_account, max_retries=0)
    # Start at the top of an emulator minute so the budget cannot reset mid-test.
    emulator.configure(rate_limit_per_minute=3, clock_offset=1 - time.time() % 60)
    client.get_work("DC1000100001")  # sign-in and one call
    client.get_work("DC1000100002")

    with pytest.raises(RateLimited) as limited:
        client.get_work("DC1000100003")

    assert limited.value.status == 429
    assert 0 < limited.value.retry_after <= 61


def test_server_errors_are_retried_after_doubling_jittered_waits_up_to_the_cap(
    sm_account, emulator
):
    from streetworks.client import StreetManagerClient
    from streetworks.client.api import MAX_BACKOFF_SECONDS

    waits: list[float] = []
    client = StreetManagerClient(sm_account, max_retries=6, backoff_seconds=4, sleep=waits.append)
    emulator.add_fault(503, path="/works/DC1000100001", times=6)

    assert client.get_work("DC1000100001")["usrn"] == 39608173

    ceilings = [4, 8, 16, 30, 30, 30]  # 4 s doubled, capped at 30 s
    assert MAX_BACKOFF_SECONDS == 30
    assert len(waits) == len(ceilings)
    for wait, ceiling in zip(waits, ceilings, strict=True):
        assert ceiling / 2 <= wait <= ceiling


def _account_at(tra, base_url):  # type: ignore[no-untyped-def]
    from streetworks.models import StreetManagerAccount

    account = StreetManagerAccount(
        authority=tra, environment="sandbox", base_url=base_url, email="api@99999.example"
    )
    account.set_password("any-password")
    account.save()
    return account


def test_a_refused_connection_is_transient_and_retried(tra):
    import socket

    from outbound.models import OutboundCall
    from streetworks.client import StreetManagerClient, TransientError

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    client = StreetManagerClient(
        _account_at(tra, f"http://127.0.0.1:{port}/v6"), max_retries=1, sleep=waits.append
    )

    with pytest.raises(TransientError, match="Could not reach Street Manager"):
        client.get_work("DC1000100001")
    assert len(waits) == 1
    assert set(OutboundCall.objects.values_list("outcome", flat=True)) == {"transient"}


def test_an_unusable_base_url_is_permanent_and_not_retried(tra):
    from outbound.models import OutboundCall
    from streetworks.client import PermanentError, StreetManagerClient

    waits: list[float] = []
    client = StreetManagerClient(
        _account_at(tra, "ftp://streetmanager.example/v6"), max_retries=3, sleep=waits.append
    )

    with pytest.raises(PermanentError, match="base URL is not usable"):
        client.get_work("DC1000100001")
    assert waits == []
    assert list(OutboundCall.objects.values_list("outcome", flat=True)) == ["permanent"]
