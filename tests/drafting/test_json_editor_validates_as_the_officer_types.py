"""Live validation: each problem in a GOV.UK error summary, linked to its place in the text."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from factories import valid_document

pytestmark = pytest.mark.django_db

URL = reverse("dtro_app:validate_json")


def _validate(client, text: str, tra) -> str:
    response = client.post(URL, {"document": text, "authority": tra.code}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_text_that_is_not_json_gets_its_line_and_column(officer_client, tra):
    html = _validate(officer_client, '{\n  "schemaVersion": "4.0.0",\n  "data": {,}\n}', tra)

    assert "govuk-error-summary" in html
    assert "line 3, column" in html
    assert 'data-line="3"' in html


def test_each_problem_is_listed_with_a_link_to_its_place_in_the_json(officer_client, tra):
    document = valid_document(tra)
    del document["data"]["source"]["troName"]
    document["data"]["source"]["provision"][0]["regulatedPlace"][0]["description"] = ""

    html = _validate(officer_client, json.dumps(document, indent=2), tra)

    assert "govuk-error-summary__list" in html
    assert 'data-pointer="/data/source"' in html or 'data-pointer="/data/source/troName"' in html
    assert 'data-pointer="/data/source/provision/0/regulatedPlace/0/description"' in html
    assert 'href="#id_document"' in html


def test_a_valid_dtro_says_there_are_no_problems(officer_client, tra):
    html = _validate(officer_client, json.dumps(valid_document(tra)), tra)

    assert "govuk-error-summary" not in html
    assert "No problems" in html


def test_problems_are_checked_for_the_officers_tra(officer_client, tra):
    document = valid_document(tra)
    document["data"]["source"]["traCreator"] = 12345

    html = _validate(officer_client, json.dumps(document), tra)

    assert "traCreator" in html


def test_the_editor_page_asks_for_validation_as_the_officer_types(officer_client, tra):
    response = officer_client.get(reverse("dtro_app:dtro_create_json"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'hx-post="{URL}"' in html
    assert "input delay:" in html
    assert 'aria-live="polite"' in html
