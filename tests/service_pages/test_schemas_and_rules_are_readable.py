"""Schemas: every version the service offers, each schema readable, rules where published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_validation import get_registry

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_version_is_listed_with_its_status(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:schemas"))

    html = response.content.decode()
    assert response.status_code == 200
    for version in get_registry().versions():
        assert f">{version.version}<" in html
    assert "Active" in html
    assert reverse("dtro_app:schema_detail", args=["4.0.0"]) in html


def test_a_schema_is_shown_as_json(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:schema_detail", args=["4.0.0"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The JSON Schema for 4.0.0" in html
    assert "&quot;$defs&quot;" in html or "&quot;properties&quot;" in html


def test_rules_are_shown_for_a_version_that_has_them(officer_client, sandbox_credential):
    with_rules = [v.version for v in get_registry().versions() if v.rules is not None]
    assert with_rules, "the spec directory has no rules"

    response = officer_client.get(reverse("dtro_app:rules", args=[with_rules[0]]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"The rules for {with_rules[0]} as JSON" in html


def test_an_unknown_version_is_not_found(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:schema_detail", args=["9.9.9"]))

    assert response.status_code == 404
    assert "govuk-error-summary" in response.content.decode()
