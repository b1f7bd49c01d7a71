"""L4: anyone could lock any account, and the client address was REMOTE_ADDR only.

On that code five wrong passwords for an email, from anywhere, locked the account for everyone,
and the sign-in log kept the proxy's address behind a reverse proxy. The first, third and
fourth tests fail there (the owner is refused; the logged address is the proxy's); the second
and last pin what must keep working (a guesser is still stopped).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import LoginAttempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"


def sign_in_from(client, address: str, email: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(client, officer):
    from django.test import Client

    attacker = Client()
    for _ in range(10):
        sign_in_from(attacker, ATTACKER, officer.email, "wrong")
    assert "locked" in sign_in_from(attacker, ATTACKER, officer.email, PASSWORD).content.decode()

    response = sign_in_from(client, OWNER, officer.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_guessing_address_is_still_stopped_even_with_the_right_password(client, officer):
    for _ in range(5):
        sign_in_from(client, ATTACKER, officer.email, "wrong")
    response = sign_in_from(client, ATTACKER, officer.email, PASSWORD)
    assert response.status_code == 200
    assert "locked" in response.content.decode()
    assert not signed_in(client)


def test_many_addresses_meet_a_slower_account_limit_that_spares_the_owners_usual_address(
    client, officer
):
    from django.test import Client

    with time_machine.travel(START - dt.timedelta(days=1), tick=False):
        assert sign_in_from(Client(), OWNER, officer.email, PASSWORD).status_code == 302
    with time_machine.travel(START, tick=False):
        # 20 addresses, one guess each: no address reaches its own limit of 5.
        for n in range(20):
            sign_in_from(Client(), f"203.0.113.{n + 1}", officer.email, "wrong")
        fresh = sign_in_from(Client(), "192.0.2.200", officer.email, PASSWORD)
        assert fresh.status_code == 200
        assert "paused" in fresh.content.decode()
        # The owner, where they signed in yesterday, is not stopped.
        assert sign_in_from(client, OWNER, officer.email, PASSWORD).status_code == 302
        assert signed_in(client)


def test_behind_trusted_proxies_the_client_address_comes_from_x_forwarded_for(
    client, officer, settings
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    # The leftmost entry is whatever the client sent; the proxy appended the real address.
    forwarded = {"HTTP_X_FORWARDED_FOR": f"1.2.3.4, {ATTACKER}"}
    for _ in range(5):
        sign_in_from(client, PROXY, officer.email, "wrong", **forwarded)
    assert set(
        LoginAttempt.objects.filter(email=officer.email).values_list("ip_address", flat=True)
    ) == {ATTACKER}
    # Everyone else behind the same proxy can still sign in.
    response = sign_in_from(
        client, PROXY, officer.email, PASSWORD, HTTP_X_FORWARDED_FOR=f"9.9.9.9, {OWNER}"
    )
    assert response.status_code == 302


def test_without_a_trusted_proxy_setting_x_forwarded_for_is_ignored(client, officer):
    # A guesser who invents a new X-Forwarded-For each time is still one address.
    for n in range(5):
        sign_in_from(client, ATTACKER, officer.email, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in_from(
        client, ATTACKER, officer.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert "locked" in response.content.decode()
    assert set(
        LoginAttempt.objects.filter(email=officer.email).values_list("ip_address", flat=True)
    ) == {ATTACKER}
