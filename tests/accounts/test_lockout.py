from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from auth_helpers import sign_in

from accounts.models import LoginAttempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_failures_lock_the_account_with_a_clear_message(client, officer):
    for _ in range(4):
        assert "locked" not in sign_in(client, officer.email, "wrong").content.decode()
    fifth = sign_in(client, officer.email, "wrong").content.decode()
    assert "This account is locked for 5 minutes because of 5 failed sign-in attempts" in fifth


def test_a_locked_account_refuses_even_the_right_password(client, officer):
    for _ in range(5):
        sign_in(client, officer.email, "wrong")
    response = sign_in(client, officer.email, PASSWORD)
    assert response.status_code == 200
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_five_minutes(client, officer):
    start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, officer.email, "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=4, seconds=59), tick=False):
        assert "locked" in sign_in(client, officer.email, PASSWORD).content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=5, seconds=1), tick=False):
        response = sign_in(client, officer.email, PASSWORD)
    assert response.status_code == 302


def test_failures_spread_over_more_than_five_minutes_do_not_lock(client, officer):
    start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    for minute in range(0, 10, 2):  # five failures, two minutes apart
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            sign_in(client, officer.email, "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert sign_in(client, officer.email, PASSWORD).status_code == 302


def test_every_attempt_is_recorded_for_audit(client, officer):
    sign_in(client, officer.email, "wrong")
    sign_in(client, officer.email, PASSWORD)
    outcomes = list(
        LoginAttempt.objects.filter(email=officer.email)
        .order_by("created_at")
        .values_list("succeeded", flat=True)
    )
    assert outcomes == [False, True]
