from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_forbid_framing_and_sniffing(client):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_session_and_csrf_cookies_are_http_only(client, officer):
    from tests.conftest import PASSWORD

    client.get(reverse("account_login"))
    client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["csrftoken"]["httponly"]


def test_the_page_template_has_the_govuk_landmarks(officer_client):
    html = officer_client.get(reverse("dtro_app:dashboard")).content.decode()
    for landmark in (
        'class="govuk-skip-link"',
        'class="govuk-service-navigation"',
        'class="govuk-phase-banner"',
        'id="main-content"',
        'class="govuk-footer"',
    ):
        assert landmark in html
