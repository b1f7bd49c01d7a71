"""A D-TRO's page: summary, provisions, geometry preview and validation status."""

from __future__ import annotations

import copy

import pytest
from factories import draft_dtro, valid_document

pytestmark = pytest.mark.django_db


def test_it_shows_the_summary_provisions_and_a_drawing_of_the_places(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    html = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert dtro.reference in html
    assert "Demo County Council (TRA code 99999)" in html
    assert dtro.schema_version in html
    assert "Not published yet" in html
    assert "Provision 1:" in html
    assert "Limited waiting" in html
    assert "<svg" in html and "following-map__line" in html
    assert ">Valid<" in html
    assert "Send for approval" in html


def test_an_invalid_draft_lists_its_problems_and_cannot_be_sent(officer_client, tra, officer):
    document = copy.deepcopy(valid_document(tra))
    place = document["data"]["source"]["provision"][0]["regulatedPlace"][0]
    place["linearGeometry"]["linestring"] = "SRID=27700;LINESTRING(9999999 1, 2 3)"
    dtro = draft_dtro(tra, officer, document)
    html = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert "Problems to fix before sending" in html
    assert "Fix the problems in this D-TRO before you send it for approval." in html
    assert f'action="/dtros/{dtro.pk}/send/"' not in html


def test_a_review_flag_is_shown_with_its_reason_and_can_be_cleared(officer_client, tra, officer):
    from dtro_app.drafting.services import flag_for_review

    dtro = draft_dtro(tra, officer)
    flag_for_review(dtro, reason="The street works behind this order were cancelled.")
    html = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert "Needs review" in html
    assert "The street works behind this order were cancelled." in html
    response = officer_client.post(f"/dtros/{dtro.pk}/review/clear/", follow=True)
    assert "review flag" in response.content.decode()
    dtro.refresh_from_db()
    assert not dtro.needs_review


def test_an_unknown_dtro_is_a_404(officer_client):
    assert officer_client.get("/dtros/999999/").status_code == 404
