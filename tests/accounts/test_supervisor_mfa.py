from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from auth_helpers import sign_in
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def mfa_required(settings):  # type: ignore[no-untyped-def]
    settings.PORTAL_REQUIRE_MFA_FOR_SUPERVISORS = True


def enrol(client) -> str:  # type: ignore[no-untyped-def]
    # Setting up MFA is a sensitive action: allauth asks for the password again first.
    first = client.get(reverse("mfa_activate_totp"))
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    activate_page = client.get(reverse("mfa_activate_totp"))
    assert activate_page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    return secret


def test_a_supervisor_without_an_authenticator_is_sent_to_enrol(client, supervisor, mfa_required):
    sign_in(client, supervisor.email)
    response = client.get(reverse("dtro_app:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_and_superusers_are_sent_to_enrol_before_the_admin(client, officer, mfa_required):
    from auth_helpers import make_superuser

    officer.is_staff = True
    officer.save()
    for user in (officer, make_superuser()):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_an_officer_is_not_asked_to_enrol(client, officer, mfa_required):
    sign_in(client, officer.email)
    assert client.get(reverse("dtro_app:dashboard")).status_code == 200


def test_mfa_is_optional_when_the_setting_is_off(client, supervisor):
    sign_in(client, supervisor.email)
    assert client.get(reverse("dtro_app:dashboard")).status_code == 200


def test_a_supervisor_enrols_totp_and_then_reaches_the_dashboard(client, supervisor, mfa_required):
    sign_in(client, supervisor.email)
    enrol(client)
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("dtro_app:dashboard")).status_code == 200


def test_an_enrolled_supervisor_is_challenged_for_a_code_at_sign_in(
    client, supervisor, mfa_required
):
    sign_in(client, supervisor.email)
    secret = enrol(client)
    client.post(reverse("account_logout"))

    response = sign_in(client, supervisor.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("dtro_app:dashboard")).status_code == 200
