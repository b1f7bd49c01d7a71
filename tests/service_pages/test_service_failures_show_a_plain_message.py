"""A slow or failing service gives the officer a plain message, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_app.catalogue.reads import NOT_RESPONDING
from sandbox import faults

pytestmark = pytest.mark.django_db(transaction=True)


def _error_summary(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    return html


def test_a_5xx_from_the_service_says_it_is_not_responding(officer_client, sandbox_credential):
    with faults.configure(error_5xx_rate=1.0, error_5xx_status=503):
        response = officer_client.get(reverse("dtro_app:search"), {"troName": "x"})

    assert NOT_RESPONDING in _error_summary(response)


def test_a_429_from_the_service_says_it_is_not_responding(officer_client, sandbox_credential):
    with faults.configure(rate_429_rate=1.0, retry_after_seconds=30):
        response = officer_client.get(reverse("dtro_app:schemas"))

    assert NOT_RESPONDING in _error_summary(response)


def test_a_timeout_says_the_service_is_not_responding(
    officer_client, sandbox_credential, quick_pages
):
    with faults.configure(timeout_rate=1.0, timeout_seconds=2.0):
        response = officer_client.get(reverse("dtro_app:search"), {"troName": "x"})

    assert NOT_RESPONDING in _error_summary(response)


def test_the_services_own_refusal_is_shown_in_plain_words(officer_client, sandbox_credential):
    # A version with no rules: the service answers 404, shown as a sentence.
    response = officer_client.get(reverse("dtro_app:rules", args=["9.9.9"]))

    assert response.status_code == 404
    assert "publishes no rules for version 9.9.9" in response.content.decode()
