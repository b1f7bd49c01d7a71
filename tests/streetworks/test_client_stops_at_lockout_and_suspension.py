from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_emulator_locks_an_account_after_five_failed_sign_ins_in_five_minutes(
    sm_client, emulator
):
    from streetworks.client import AccountLocked, AuthenticationFailed

    sm_client.account.set_password("not-the-password")
    sm_client.account.save()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            sm_client.authenticate()
    with pytest.raises(AccountLocked):
        sm_client.authenticate()

    # Even the right password is refused while locked ...
    sm_client.account.set_password("emulator-password-123")
    sm_client.account.save()
    with pytest.raises(AccountLocked) as locked:
        sm_client.authenticate()
    assert locked.value.status == 423
    assert "5 minutes" in locked.value.message

    # ... until five minutes have passed.
    emulator.advance_clock(301)
    assert sm_client.authenticate()["id_token"]


def test_failures_spread_over_more_than_five_minutes_do_not_lock(sm_client, emulator):
    from streetworks.client import AuthenticationFailed

    password = sm_client.account.get_password()
    sm_client.account.set_password("not-the-password")
    sm_client.account.save()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            sm_client.authenticate()
    emulator.advance_clock(301)
    with pytest.raises(AuthenticationFailed):
        sm_client.authenticate()

    sm_client.account.set_password(password)
    sm_client.account.save()
    assert sm_client.authenticate()["id_token"]


def test_a_locked_account_is_not_retried_in_a_loop(sm_client, emulator):
    from outbound.models import OutboundCall
    from streetworks.client import AccountLocked

    emulator.add_fault(423, path="/authenticate", times=5)

    with pytest.raises(AccountLocked):
        sm_client.get_work("DC1000100001")

    assert OutboundCall.objects.filter(path="/work/authenticate").count() == 1


def test_a_suspended_organisation_gets_412_and_a_plain_message(sm_client, emulator):
    from streetworks.client import OrganisationSuspended

    emulator.configure(suspended_orgs=["99999"])

    with pytest.raises(OrganisationSuspended) as suspended:
        sm_client.get_work("DC1000100001")

    assert suspended.value.status == 412
    assert "suspended" in suspended.value.message
