from __future__ import annotations

import pytest
from auth_helpers import sign_in
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_uses_the_govuk_form_markup(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-input' in html
    assert "Sign in" in html


def test_an_officer_signs_in_with_email_and_password_and_sees_the_dashboard(client, officer):
    response = sign_in(client, officer.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dtro_app:dashboard")
    dashboard = client.get(reverse("dtro_app:dashboard"))
    assert "Demo County Council" in dashboard.content.decode()


def test_a_wrong_password_shows_an_error_summary(client, officer):
    response = sign_in(client, officer.email, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session(officer_client):
    response = officer_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in officer_client.session
    assert officer_client.get(reverse("dtro_app:dashboard")).status_code == 302


def test_the_dashboard_needs_a_signed_in_user(client):
    response = client.get(reverse("dtro_app:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_self_signup_is_closed_by_default(client):
    response = client.get(reverse("account_signup"))
    assert "Accounts are created by your supervisor" in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def test_self_signup_opens_when_the_setting_allows_it(client, settings):
    settings.PORTAL_ALLOW_SIGNUP = True
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


def test_password_reset_email_is_sent_for_a_known_address(client, officer, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "password" in mailoutbox[0].subject.lower()
