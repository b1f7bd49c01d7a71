"""The admin has no sign-in form of its own: lockout, MFA and sign-in audit always apply."""

from __future__ import annotations

import pytest

from dtro_app.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_admin_sign_in_page_sends_visitors_to_the_portals_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_posting_a_password_to_the_admin_sign_in_does_not_sign_in(client, supervisor):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": supervisor.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302
    assert not AuditEvent.objects.filter(action="login.succeeded").exists()
