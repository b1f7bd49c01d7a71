"""On the officer's pages a geometry problem names its place; a polygon whose outline crosses
itself (which the service accepts) is advice, shown apart and not blocking sending."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drafting_helpers import page_of
from factories import valid_document

from dtro_app.models import Dtro, RevisionState

pytestmark = pytest.mark.django_db

UPLOAD = reverse("dtro_app:dtro_create_upload")
BOWTIE = "SRID=27700;POLYGON((100 100, 200 200, 200 100, 100 200, 100 100))"


def _upload(officer_client, document: dict) -> Dtro:
    upload = SimpleUploadedFile("order.json", json.dumps(document).encode())
    officer_client.post(UPLOAD, {"file": upload})
    return Dtro.objects.get()


def _place(document: dict) -> dict:
    return document["data"]["source"]["provision"][0]["regulatedPlace"][0]


def test_a_crossing_polygon_is_advice_and_the_order_can_be_sent(officer_client, tra):
    document = valid_document(tra)
    place = _place(document)
    geometry = place.pop("linearGeometry")
    place["polygon"] = {
        "polygon": BOWTIE,
        "version": 1,
        "externalReference": geometry["externalReference"],
    }

    dtro = _upload(officer_client, document)
    page = officer_client.get(page_of(dtro)).content.decode()

    advice = page.split('id="validation-advice"', 1)[1].split("</div>", 1)[0]
    assert "The outline of the polygon of the place &#x27;West side, Market Street" in advice
    assert 'id="validation-problems"' not in page
    officer_client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))
    dtro.current_revision.refresh_from_db()
    assert dtro.current_revision.state == RevisionState.AWAITING_APPROVAL


def test_a_loosely_written_srid_is_a_problem_naming_the_place(officer_client, tra):
    document = valid_document(tra)
    line = _place(document)["linearGeometry"]
    line["linestring"] = line["linestring"].replace("SRID=27700;", "srid=27700;")

    dtro = _upload(officer_client, document)
    page = officer_client.get(page_of(dtro)).content.decode()

    problems = page.split('id="validation-problems"', 1)[1].split("</ul>", 1)[0]
    assert (
        "The line of the place &#x27;West side, Market Street, Draycott&#x27; (provision 1) "
        "must start with exactly &#x27;SRID=27700;&#x27;"
    ) in problems
    assert "Send for approval</button>" not in page
