"""History: the service's source and provision history plus our revisions, TRA-scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_updated_dtro_shows_source_history_provisions_and_revisions(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    original_name = dtro.name
    dtro = publish_update(dtro, officer, supervisor, new_name="Renamed for history")

    response = officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Source history at the D-TRO service" in html
    assert "Renamed for history" in html
    assert original_name in html
    assert "amendment" in html
    assert "Provision history at the D-TRO service" in html
    assert "Revisions in the portal" in html
    # Two versions at least: the compare form is offered.
    assert reverse("dtro_app:dtro_history_diff", args=[dtro.pk]) in html


def test_a_never_updated_dtro_has_no_source_history_yet(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)

    response = officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "has not been changed since it was published" in html
    assert "govuk-error-summary" not in html


def test_another_tras_dtro_is_not_found(
    client, tra, other_tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    client.force_login(make_user("someone@second.example", other_tra, "officer"))

    assert client.get(reverse("dtro_app:dtro_history", args=[dtro.pk])).status_code == 404
    diff = reverse("dtro_app:dtro_history_diff", args=[dtro.pk])
    assert client.get(diff, {"a": "service", "b": "revision-1"}).status_code == 404
