"""The read-only view of a record the service holds (any TRA's)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from service_helpers import held_elsewhere

pytestmark = pytest.mark.django_db(transaction=True)


def test_another_tras_record_is_summarised(
    officer_client, other_tra, sandbox_credential, other_sandbox_credential
):
    service_id = held_elsewhere(other_sandbox_credential, other_tra, name_suffix="read only")

    response = officer_client.get(reverse("dtro_app:service_dtro", args=[service_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "read only" in html
    assert service_id in html
    assert "Provisions" in html
    assert "This is one of your D-TROs" not in html


def test_an_unknown_id_is_not_found(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:service_dtro", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert "govuk-error-summary" in response.content.decode()


def test_a_record_too_large_for_the_service_to_send_back_says_so(
    officer_client, other_tra, sandbox_credential, other_sandbox_credential, settings
):
    service_id = held_elsewhere(other_sandbox_credential, other_tra, name_suffix="very large")
    # The live gateway answers a GET of a record over 10 MB with 502 TooBigBody (#118).
    settings.SANDBOX_MAX_RESPONSE_BYTES = 1000

    response = officer_client.get(reverse("dtro_app:service_dtro", args=[service_id]))

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "cannot send back a record over 10 MB" in html
