"""GOV.UK pattern: a page that shows errors starts its <title> with "Error: ", so a screen
reader user hears at once that the submission did not go through. base.html does it once,
for every page whose error summary shows or whose form has errors."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def _title(response: object) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    assert match, "no <title>"
    return match.group(1).strip()


def _shows_errors(response: object) -> str:
    html = response.content.decode()
    assert "govuk-error-summary" in html or "govuk-error-message" in html
    return _title(response)


@pytest.mark.django_db
def test_signing_in_with_a_wrong_password(client: object, officer: object) -> None:
    response = client.post(
        reverse("account_login"), {"login": officer.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert _shows_errors(response).startswith("Error: Sign in")


@pytest.mark.django_db
def test_the_sign_in_page_without_errors_has_a_plain_title(client: object) -> None:
    assert _title(client.get(reverse("account_login"))).startswith("Sign in")


def test_a_signed_in_page_without_errors_has_a_plain_title(officer_client: object) -> None:
    assert not _title(officer_client.get(reverse("dtro_app:dashboard"))).startswith("Error")


def test_the_json_editor_with_json_that_does_not_parse(officer_client: object) -> None:
    response = officer_client.post(
        reverse("dtro_app:dtro_create_json"), {"document": "{not json", "save": "1"}
    )
    assert response.status_code in {200, 400}
    assert _shows_errors(response).startswith("Error: ")


def test_the_guided_form_with_nothing_filled_in(officer_client: object, tra: object) -> None:
    response = officer_client.post(
        reverse("dtro_app:dtro_create_form"),
        {
            "authority": str(tra.code),
            "provision-TOTAL_FORMS": "1",
            "provision-INITIAL_FORMS": "0",
            "provision-MIN_NUM_FORMS": "1",
            "provision-MAX_NUM_FORMS": "1000",
            "save": "1",
        },
    )
    assert response.status_code in {200, 400}
    assert _shows_errors(response).startswith("Error: ")


def test_street_works_search_with_a_usrn_that_is_not_a_number(officer_client: object) -> None:
    response = officer_client.get(reverse("streetworks:search"), {"usrn": "High Street"})
    assert response.status_code == 200
    title = _shows_errors(response)
    assert title.startswith("Error: Find street works")


def test_a_password_reset_with_an_unknown_email(client: object, db: None) -> None:
    """An allauth page rendered with our layout: its form errors count too."""
    response = client.post(reverse("account_reset_password"), {"email": "not an email"})
    assert response.status_code == 200
    assert _shows_errors(response).startswith("Error: ")


def test_only_one_error_prefix(client: object, officer: object) -> None:
    response = client.post(reverse("account_login"), {"login": officer.email, "password": "x"})
    assert _title(response).count("Error:") == 1
    # The right password still signs in (the fixture's password is the one above).
    response = client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_service_page_with_errors_says_error_once(officer_client: object) -> None:
    """The pages over the D-TRO service once added their own prefix on top of the layout's."""
    response = officer_client.get(reverse("dtro_app:search"), {"area": "nonsense"})
    title = _shows_errors(response)
    assert title.startswith("Error: Search the D-TRO service")
    assert title.count("Error:") == 1
