"""An order's schedule and notices carry its provisions, places and times, days in week order
and regulation types in words; the HTML is a page of its own with no script allowed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.kinds import DocumentKind
from documents.services import make_document

pytestmark = pytest.mark.django_db


def test_the_schedule_has_the_provision_its_place_and_when_it_applies(order):
    body = make_document(order, DocumentKind.SCHEDULE).body

    assert "Schedule 1: No Waiting Monday to Saturday, 8am to 6pm" in body
    assert "West side, Market Street, Draycott" in body
    # Written friday, monday, saturday, thursday, tuesday, wednesday in the order's data.
    assert "Monday to Saturday, 08:00 to 18:00" in body
    assert "From 1 August 2024 at 08:00" in body
    assert "kerbsideLimitedWaiting" not in body
    assert "<caption>Schedule of provisions</caption>" in body
    assert '<th scope="col">Places</th>' in body


def test_the_schedule_has_a_map_image_naming_its_places(order):
    body = make_document(order, DocumentKind.SCHEDULE).body

    assert '<img src="data:image/svg+xml;base64,' in body
    assert 'alt="Map of the places, north at the top: West side, Market Street, Draycott.' in body


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_names_the_order_and_its_road(officer_client, order, kind):
    response = officer_client.get(reverse("documents:html", args=[order.pk, kind.value]))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en-GB">' in page
    assert f"<title>{kind.label}: {order.name}</title>" in page.replace("&#x27;", "'")
    assert "Market Street, Draycott" in page
    assert "script-src" not in response["Content-Security-Policy"]
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_notice_of_proposal_gives_the_last_day_for_objections(order):
    from datetime import date

    body = make_document(order, DocumentKind.NOTICE_OF_PROPOSAL, today=date(2026, 3, 2)).body

    assert "by 23 March 2026" in body
    assert "Dated 2 March 2026." in body
