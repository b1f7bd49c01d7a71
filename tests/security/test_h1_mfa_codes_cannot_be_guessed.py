"""H1: authenticator codes could be guessed without limit.

`ACCOUNT_RATE_LIMITS = {"login_failed": False}` also switched off allauth's only limit on MFA
codes, and the portal's lockout covered the password step only: 60 wrong codes, then the right
one signed in, and no failure was logged or audited. On that code the right code after five
wrong ones signs in, and neither `LoginAttempt` nor the audit log holds a row for a wrong code:
every test below fails there except the one that pins the lock's end (the step opens again).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from auth_helpers import sign_in
from django.urls import reverse

from accounts.models import LoginAttempt
from dtro_app.models import AuditEvent

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code(secret: str) -> str:
    return f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"


@pytest.fixture
def enrolled(supervisor) -> str:  # type: ignore[no-untyped-def]
    secret = generate_totp_secret()
    TOTP.activate(supervisor, secret)
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()
    return secret


def reach_code_step(client, email: str) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_five_wrong_codes_lock_the_code_step_even_for_the_right_code(client, supervisor, enrolled):
    with time_machine.travel(START, tick=False):
        reach_code_step(client, supervisor.email)
        for _ in range(5):
            client.post(reverse("mfa_authenticate"), {"code": wrong_code(enrolled)})
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(enrolled)})
        # Read the session inside the travelled time: outside it the session has expired.
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("dtro_app:dashboard")).status_code == 302
    assert "locked for 15 minutes" in response.content.decode()


def test_a_new_password_sign_in_does_not_reset_the_code_limit(client, supervisor, enrolled):
    with time_machine.travel(START, tick=False):
        reach_code_step(client, supervisor.email)
        for _ in range(5):
            client.post(reverse("mfa_authenticate"), {"code": wrong_code(enrolled)})
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        client.cookies.clear()
        reach_code_step(client, supervisor.email)
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(enrolled)})
        assert "_auth_user_id" not in client.session
    assert "locked for 15 minutes" in response.content.decode()


def test_the_code_step_opens_again_after_fifteen_minutes(client, supervisor, enrolled):
    with time_machine.travel(START, tick=False):
        reach_code_step(client, supervisor.email)
        for _ in range(5):
            client.post(reverse("mfa_authenticate"), {"code": wrong_code(enrolled)})
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=5), tick=False):
        client.cookies.clear()
        reach_code_step(client, supervisor.email)
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(enrolled)})
        assert response.status_code == 302
        assert str(client.session["_auth_user_id"]) == str(supervisor.pk)


def test_every_wrong_code_is_in_the_sign_in_log_and_the_audit_log(client, supervisor, enrolled):
    reach_code_step(client, supervisor.email)
    for _ in range(3):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(enrolled)})
    failures = LoginAttempt.objects.filter(email=supervisor.email, succeeded=False)
    assert failures.count() == 3
    assert set(failures.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    audited = AuditEvent.objects.filter(
        action="login.mfa_failed", target_id=str(supervisor.pk), ip_address="127.0.0.1"
    )
    assert audited.count() == 3
