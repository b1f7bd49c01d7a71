"""Street Manager personas: each TRA's API account on the bundled emulator, over real HTTP."""

from __future__ import annotations

import pytest


def street_manager_account_for(authority: object, live_server_url: str) -> object:
    from streetworks.services import use_emulator_account

    return use_emulator_account(authority, f"{live_server_url}/streetmanager-sandbox/v6")


@pytest.fixture
def sm_account(tra: object, live_server: object) -> object:
    return street_manager_account_for(tra, live_server.url)


@pytest.fixture
def other_sm_account(other_tra: object, live_server: object) -> object:
    return street_manager_account_for(other_tra, live_server.url)


@pytest.fixture
def sm_client(sm_account: object) -> object:
    from streetworks.client import StreetManagerClient

    # No real waiting between retries in tests.
    return StreetManagerClient(sm_account, sleep=lambda seconds: None)


@pytest.fixture
def emulator() -> object:
    from streetworks.emulator import state

    state.reset()
    return state
