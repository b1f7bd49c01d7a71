from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from sandbox_helpers import token_for

from sandbox.models import SandboxApp
from sandbox.services import ensure_demo_app

pytestmark = pytest.mark.django_db


def test_the_command_creates_an_app_and_prints_working_credentials(client: Client) -> None:
    out = io.StringIO()
    call_command("sandbox_create_app", "--name", "Demo", "--tra", "99999", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split() if "=" in line)
    assert token_for(client, values["client_id"], values["client_secret"])
    app = SandboxApp.objects.get(client_id=values["client_id"])
    assert values["app_id"] == str(app.application_name)  # the App-Id provision calls send


def test_the_command_is_idempotent_with_given_credentials(client: Client) -> None:
    for _ in range(2):
        call_command(
            "sandbox_create_app", "--name", "Demo", "--tra", "99999",
            "--client-id", "demo-id", "--client-secret", "demo-secret", stdout=io.StringIO(),
        )  # fmt: skip
    assert SandboxApp.objects.filter(client_id="demo-id").count() == 1
    assert token_for(client, "demo-id", "demo-secret")


def test_the_command_creates_consumer_apps(client: Client) -> None:
    call_command(
        "sandbox_create_app", "--name", "Reader", "--consumer",
        "--client-id", "reader", "--client-secret", "s3cret", stdout=io.StringIO(),
    )  # fmt: skip
    assert SandboxApp.objects.get(client_id="reader").scope == "dc"


def test_ensure_demo_app_is_deterministic_and_harmless_to_repeat(client: Client) -> None:
    first = ensure_demo_app(99999, "Demo County Council")
    second = ensure_demo_app(99999, "Demo County Council")
    assert first == second
    assert SandboxApp.objects.count() == 1
    assert token_for(client, *first)
    assert SandboxApp.objects.get().tra_code == 99999
