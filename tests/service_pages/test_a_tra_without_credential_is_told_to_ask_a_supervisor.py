"""Without an active credential the pages say who must add one."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["search", "events", "schemas", "export", "export_download"])
def test_each_service_page_says_a_supervisor_must_add_a_credential(officer_client, tra, name):
    response = officer_client.get(reverse(f"dtro_app:{name}"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "has no active API credential" in html
    assert "Ask a supervisor to add one" in html


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("dtro_app:search"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
