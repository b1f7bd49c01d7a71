"""The guided form: answers become a draft D-TRO, and problems land on the fields."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drafting_helpers import guided_post, page_of

from dtro_app.models import Dtro, RevisionOrigin

pytestmark = pytest.mark.django_db

CREATE = reverse("dtro_app:dtro_create_form")


@pytest.mark.parametrize("version", ["4.0.0", "3.5.1"])
def test_a_filled_in_form_makes_a_valid_draft(officer_client, tra, version):
    response = officer_client.post(CREATE, guided_post(tra.code, version=version))

    dtro = Dtro.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(dtro)
    revision = dtro.current_revision
    assert revision.origin == RevisionOrigin.FORM
    assert revision.is_valid, revision.validation_issues
    assert revision.document["schemaVersion"] == version
    assert dtro.name == "High Street (No Waiting) Order 2025"


def test_picked_coordinates_and_several_provisions(officer_client, tra):
    provisions = [
        {
            "provisionDescription": "Weight limit",
            "regulationType": "dimensionMaximumWeightStructural",
            "description": "Bridge",
            "geometry_input": "point",
            "geometry": "320620, 124993",
            "bywayType": "road",
            "start": "2025-02-03T08:00",
            "end": "2025-06-01T18:00",
            "vehicleType": "heavyGoodsVehicle",
            "grossVehicleWeight": "7.5",
        },
        {
            "provisionDescription": "No waiting",
            "regulationType": "kerbsideNoWaiting",
            "description": "High Street",
            "geometry_input": "line",
            "geometry": "320620 124993\n320625 125007",
            "bywayType": "road",
            "start": "2025-02-03T08:00",
        },
    ]

    officer_client.post(
        CREATE, guided_post(tra.code, order_type="temporary", provisions=provisions)
    )

    revision = Dtro.objects.get().current_revision
    assert revision.is_valid, revision.validation_issues
    places = [p["regulatedPlace"][0] for p in revision.document["data"]["source"]["provision"]]
    assert places[0]["pointGeometry"]["point"] == "SRID=27700;POINT(320620 124993)"
    assert places[1]["linearGeometry"]["linestring"] == (
        "SRID=27700;LINESTRING(320620 124993, 320625 125007)"
    )


def test_missing_answers_are_shown_again_with_everything_typed(officer_client, tra):
    data = guided_post(tra.code)
    data["provision-0-start"] = ""  # one a D-TRO cannot be made without: nothing is saved

    response = officer_client.post(CREATE, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_provision-0-start"' in html
    assert "Prohibits waiting on High Street." in html
    assert not Dtro.objects.exists()


def test_add_another_provision_keeps_the_answers(officer_client, tra):
    data = guided_post(tra.code)
    del data["save"]
    data["add_provision"] = "1"

    response = officer_client.post(CREATE, data)

    html = response.content.decode()
    assert 'name="provision-1-provisionDescription"' in html
    assert "No waiting at any time" in html
    assert "govuk-error-summary" not in html
    assert not Dtro.objects.exists()


def test_a_place_outside_great_britain_is_saved_and_shown_on_its_field(officer_client, tra):
    data = guided_post(tra.code)
    data["provision-0-geometry"] = "LINESTRING(800000 124993, 800005 125007)"

    response = officer_client.post(CREATE, data)

    dtro = Dtro.objects.get()
    assert not dtro.current_revision.is_valid
    edit = reverse("dtro_app:dtro_edit_form", args=[dtro.pk])
    assert response["Location"] == edit
    html = officer_client.get(edit).content.decode()
    assert 'href="#id_provision-0-geometry"' in html
    assert 'id="id_provision-0-geometry-error"' in html


def test_editing_prefills_the_form_and_saves_a_new_revision(officer_client, tra):
    officer_client.post(CREATE, guided_post(tra.code))
    dtro = Dtro.objects.get()
    edit = reverse("dtro_app:dtro_edit_form", args=[dtro.pk])

    html = officer_client.get(edit).content.decode()
    assert "High Street (No Waiting) Order 2025" in html
    assert "govuk-error-summary" not in html

    data = guided_post(tra.code)
    data["troName"] = "High Street (No Waiting) (Amendment) Order 2025"
    data["reference"] = dtro.current_revision.document["data"]["source"]["reference"]
    officer_client.post(edit, data)

    dtro.refresh_from_db()
    assert dtro.revisions.count() == 2
    assert dtro.name == "High Street (No Waiting) (Amendment) Order 2025"


def test_a_dtro_that_does_not_fit_points_to_the_json_editor(officer_client, tra, officer):
    from factories import draft_dtro

    dtro = draft_dtro(tra, officer, {"schemaVersion": "4.0.0", "data": {}})

    html = officer_client.get(reverse("dtro_app:dtro_edit_form", args=[dtro.pk])).content.decode()

    assert "does not fit the guided form" in html
    assert reverse("dtro_app:dtro_edit_json", args=[dtro.pk]) in html


def test_the_start_page_sends_the_officer_to_the_chosen_way(officer_client, tra):
    response = officer_client.post(
        reverse("dtro_app:dtro_create"),
        {"method": "json", "schema_version": "3.5.1", "authority": tra.code},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dtro_app:dtro_create_json"))
    assert "version=3.5.1" in response["Location"]
    html = officer_client.get(response["Location"]).content.decode()
    assert "3.5.1" in html


def test_opened_directly_the_form_already_knows_a_single_tra_officers_authority(
    officer_client, tra
):
    page = officer_client.get(CREATE).content.decode()
    assert f'name="authority" value="{tra.code}"' in page
