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


def test_a_refused_attempt_while_locked_is_audited_but_not_counted(client, officer):
    from dtro_app.models import AuditEvent

    for _ in range(6):
        sign_in(client, officer.email, "wrong")
    assert AuditEvent.objects.filter(action="login.refused_locked").count() == 1
    assert LoginAttempt.objects.filter(email=officer.email, succeeded=False).count() == 5


def test_the_account_wide_pause_lifts_after_fifteen_minutes(officer):
    from django.test import Client

    start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    post = {"login": officer.email, "password": "wrong"}
    with time_machine.travel(start, tick=False):
        for n in range(20):
            Client().post("/accounts/login/", post, REMOTE_ADDR=f"203.0.113.{n + 1}")
        paused = Client().post(
            "/accounts/login/",
            {"login": officer.email, "password": PASSWORD},
            REMOTE_ADDR="192.0.2.1",
        )
        assert "paused for 15 minutes" in paused.content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = Client().post(
            "/accounts/login/",
            {"login": officer.email, "password": PASSWORD},
            REMOTE_ADDR="192.0.2.1",
        )
        assert response.status_code == 302
