"""The per-user limit on authenticator codes (accounts.forms), beyond the security test."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from auth_helpers import sign_in
from django.urls import reverse

from accounts.models import AccountLock, LoginAttempt, Stage
from dtro_app.models import AuditEvent

pytestmark = pytest.mark.django_db


def code(secret: str, offset: int = 0) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return f"{(int(format_hotp_value(hotp_value(secret, counter))) + offset) % 1_000_000:06d}"


@pytest.fixture
def secret(supervisor) -> str:  # type: ignore[no-untyped-def]
    value = generate_totp_secret()
    TOTP.activate(supervisor, value)
    return value


def test_a_right_code_starts_the_count_again(client, supervisor, secret):
    sign_in(client, supervisor.email)
    for _ in range(4):
        client.post(reverse("mfa_authenticate"), {"code": code(secret, 1)})
    assert client.post(reverse("mfa_authenticate"), {"code": code(secret)}).status_code == 302
    client.post(reverse("account_logout"))
    sign_in(client, supervisor.email)
    for _ in range(4):
        client.post(reverse("mfa_authenticate"), {"code": code(secret, 1)})
    assert not AccountLock.objects.filter(stage=Stage.MFA).exists()
    outcomes = LoginAttempt.objects.filter(stage=Stage.MFA).values_list("succeeded", flat=True)
    assert sorted(outcomes) == [False] * 8 + [True]


def test_refused_codes_while_locked_are_audited(client, supervisor, secret):
    sign_in(client, supervisor.email)
    for _ in range(6):
        client.post(reverse("mfa_authenticate"), {"code": code(secret, 1)})
    assert AuditEvent.objects.filter(action="login.mfa_failed").count() == 5
    assert AuditEvent.objects.filter(action="login.mfa_refused_locked").count() == 1


def test_the_code_step_of_reauthentication_is_limited_too(client, supervisor, secret):
    sign_in(client, supervisor.email)
    client.post(reverse("mfa_authenticate"), {"code": code(secret)})
    assert "_auth_user_id" in client.session
    for _ in range(5):
        client.post(reverse("mfa_reauthenticate"), {"code": code(secret, 1)})
    response = client.post(reverse("mfa_reauthenticate"), {"code": code(secret)})
    assert response.status_code == 200
    assert "locked for 15 minutes" in response.content.decode()
