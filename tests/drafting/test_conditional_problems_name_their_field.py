"""A problem that depends on another answer (the order reporting point, the vehicle type)
names the field to add or remove and the answer it depends on, on the officer's pages, and
is tied to that field."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drafting_helpers import guided_post, page_of
from factories import valid_document

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

UPLOAD = reverse("dtro_app:dtro_create_upload")


def _upload(officer_client, document: dict) -> Dtro:
    upload = SimpleUploadedFile("order.json", json.dumps(document).encode())
    officer_client.post(UPLOAD, {"file": upload})
    return Dtro.objects.get()


def test_a_field_only_temporary_orders_have_is_named_on_the_order_page(officer_client, tra):
    document = valid_document(tra)
    provision = document["data"]["source"]["provision"][0]
    provision["actualStartOrStop"] = [{"eventAt": "2024-01-01T00:00:00", "eventType": "start"}]

    dtro = _upload(officer_client, document)
    page = officer_client.get(page_of(dtro)).content.decode()

    issue = dtro.current_revision.validation_issues[0]
    assert issue["path"] == "/data/source/provision/0/actualStartOrStop"
    assert issue["message"].startswith(
        "Actual start or stop (actualStartOrStop) is only allowed when the order reporting "
        "point (orderReportingPoint) is one of 'troOnRoadActiveStatus', 'ttroTtmoByNotice'"
    )
    assert "remove actualStartOrStop or change the order reporting point" in issue["message"]
    assert "is not allowed with the other values given here" not in page
    assert "(found &#x27;permanentNoticeOfMaking&#x27;)" in page


def test_an_extension_required_by_the_vehicle_type_is_shown_on_that_field(officer_client, tra):
    data = guided_post(tra.code)
    data["provision-0-vehicleType"] = "other"  # "other" needs a vehicleTypeExtension

    response = officer_client.post(reverse("dtro_app:dtro_create_form"), data)
    page = officer_client.get(response["Location"]).content.decode()

    assert (
        '<a href="#id_provision-0-vehicleType">Provision 1: Enter the vehicle type extension '
        "(vehicleTypeExtension): it is required when the vehicle type (vehicleType) is "
        "&#x27;other&#x27;.</a>"
    ) in page
