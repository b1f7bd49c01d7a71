"""Street Manager tokens live in the shared cache (the outbound layer's token cache)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def sign_ins() -> int:
    from outbound.models import OutboundCall

    return OutboundCall.objects.filter(path="/work/authenticate").count()


def test_a_second_client_for_the_same_account_reuses_the_token(sm_account, emulator):
    from outbound import tokens
    from streetworks.client import StreetManagerClient
    from streetworks.models import StreetManagerAccount

    StreetManagerClient(sm_account).get_work("DC1000100001")
    # Another worker: nothing remembered in this process, a fresh copy of the account.
    tokens._remembered.clear()
    again = StreetManagerClient(StreetManagerAccount.objects.get(pk=sm_account.pk))
    again.get_work("DC1000100002")

    assert sign_ins() == 1


def test_saving_the_account_drops_its_tokens(sm_account, emulator):
    from streetworks.client import StreetManagerClient

    StreetManagerClient(sm_account).get_work("DC1000100001")
    sm_account.save()  # as when a supervisor changes the password or base URL

    StreetManagerClient(sm_account).get_work("DC1000100001")

    assert sign_ins() == 2
