from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _paths() -> list[str]:
    from outbound.models import OutboundCall

    return list(OutboundCall.objects.order_by("id").values_list("path", flat=True))


def test_it_refreshes_through_the_party_api_when_the_id_token_is_about_to_expire(
    sm_client, emulator
):
    emulator.configure(id_token_seconds=2)
    sm_client.get_work("DC1000100001")
    time.sleep(2)

    sm_client.get_work("DC1000100001")

    assert _paths() == [
        "/work/authenticate",
        "/work/works/DC1000100001",
        "/party/refresh",
        "/work/works/DC1000100001",
    ]


def test_it_signs_in_again_when_the_refresh_token_has_expired_too(sm_client, emulator):
    emulator.configure(id_token_seconds=1, refresh_token_seconds=1)
    sm_client.get_work("DC1000100001")
    time.sleep(1.2)

    sm_client.get_work("DC1000100001")

    assert _paths().count("/work/authenticate") == 2
    assert "/party/refresh" not in _paths()


def test_a_token_revoked_early_gets_one_new_token_and_one_retry(sm_client, emulator):
    sm_client.get_work("DC1000100001")
    emulator.revoke_all(sm_client.account.email)
    time.sleep(1.1)  # tokens issued in the revocation's second count as revoked

    work = sm_client.get_work("DC1000100002")

    assert work["work_reference_number"] == "DC1000100002"
    # The refresh token was revoked with the rest, so it signs in again: once.
    assert _paths()[-4:] == [
        "/work/works/DC1000100002",
        "/party/refresh",
        "/work/authenticate",
        "/work/works/DC1000100002",
    ]
