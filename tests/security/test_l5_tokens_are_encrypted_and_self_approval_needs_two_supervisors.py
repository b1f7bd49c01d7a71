"""L5: access tokens are encrypted in the shared cache; turning on self-approval of
temporary orders takes a second supervisor of the same TRA, and both steps are audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from dtro_app.models import AuditEvent
from outbound import tokens
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TOKEN = "eyJhbGciOiJSUzI1NiJ9.plain-bearer-token"


def test_a_cached_access_token_is_not_stored_in_plaintext():
    key = "dtro-client:token:test"
    assert tokens.cached_token(key, lambda: (TOKEN, 1800.0)) == TOKEN
    stored = cache.get(key)
    assert stored is not None
    assert TOKEN not in repr(stored)
    assert "plain-bearer-token" not in repr(stored)
    # Another process (nothing remembered locally) still reads the token back.
    tokens._remembered.clear()

    def must_not_fetch() -> tuple[str, float]:
        raise AssertionError("the cached token should have been used")

    assert tokens.cached_token(key, must_not_fetch) == TOKEN


def test_a_cache_entry_from_another_key_is_not_trusted(settings):
    key = "dtro-client:token:rekeyed"
    tokens.cached_token(key, lambda: (TOKEN, 1800.0))
    tokens._remembered.clear()
    settings.FIELD_ENCRYPTION_KEY = "a-different-key"
    assert tokens.cached_token(key, lambda: ("fresh-token", 1800.0)) == "fresh-token"


def _turn_on(client: Any, tra: Any) -> Any:
    return client.post(
        reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk]),
        {"allow_self_approval_of_temporary_orders": "on"},
    )


def test_one_supervisor_alone_cannot_turn_on_self_approval(supervisor_client, supervisor, tra):
    assert _turn_on(supervisor_client, tra).status_code == 302
    assert _turn_on(supervisor_client, tra).status_code == 302  # asking twice is not confirming
    tra.refresh_from_db()
    assert not tra.allow_self_approval_of_temporary_orders
    assert AuditEvent.objects.filter(
        action="authority.self_approval_proposed", actor=supervisor
    ).exists()


def test_a_second_supervisor_of_the_same_tra_confirms(
    client, supervisor_client, supervisor, tra, other_tra
):
    _turn_on(supervisor_client, tra)

    # A supervisor of another TRA cannot confirm (they cannot even reach this TRA).
    outsider = make_user("boss@second.example", other_tra, "supervisor", staff=True)
    client.force_login(outsider)
    _turn_on(client, tra)
    tra.refresh_from_db()
    assert not tra.allow_self_approval_of_temporary_orders

    second = make_user("second.supervisor@demo.example", tra, "supervisor", staff=True)
    client.force_login(second)
    assert _turn_on(client, tra).status_code == 302
    tra.refresh_from_db()
    assert tra.allow_self_approval_of_temporary_orders
    confirmed = AuditEvent.objects.get(action="authority.self_approval_confirmed")
    assert confirmed.actor == second
    assert confirmed.authority == tra
    assert confirmed.after["proposed_by"] == supervisor.email
