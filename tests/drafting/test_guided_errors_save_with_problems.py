"""The guided form saves a draft with problems, as the create page promises, whenever its
answers can make a D-TRO at all; the problems then show on their fields. When an answer a
D-TRO cannot do without is missing, it says that nothing was saved, and the create page says
which answers those are."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drafting_helpers import guided_post

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

CREATE = reverse("dtro_app:dtro_create_form")


def test_missing_words_are_saved_and_shown_on_their_fields_once(officer_client, tra):
    data = guided_post(tra.code)
    data["troName"] = ""
    data["provision-0-provisionDescription"] = ""

    response = officer_client.post(CREATE, data)

    dtro = Dtro.objects.get()
    edit = reverse("dtro_app:dtro_edit_form", args=[dtro.pk])
    assert response["Location"] == edit
    revision = dtro.current_revision
    assert not revision.is_valid  # the schema wants both
    assert revision.document["data"]["source"]["troName"] == ""
    page = officer_client.get(edit).content.decode()
    assert "Your changes have not been saved" not in page
    assert page.count('href="#id_troName"') == 1  # the form's words, not also the schema's
    assert "Enter the order name" in page
    assert "Provision 1: Enter what this provision does" in page
    assert "High Street, north side" in page


def test_an_order_in_force_before_it_is_made_is_saved_and_shown(officer_client, tra):
    data = guided_post(tra.code)
    data["comingIntoForceDate"] = "2025-01-20"  # made 2025-01-27

    response = officer_client.post(CREATE, data)

    dtro = Dtro.objects.get()
    assert response["Location"] == reverse("dtro_app:dtro_edit_form", args=[dtro.pk])
    source = dtro.current_revision.document["data"]["source"]
    assert source["comingIntoForceDate"] == "2025-01-20"
    page = officer_client.get(response["Location"]).content.decode()
    assert "must be the same as or after the date it is made" in page


def test_a_code_the_version_lacks_is_saved_and_shown(officer_client, tra):
    data = guided_post(tra.code, version="3.5.1")
    data["provision-0-regulationType"] = "motorVehiclesProhibited"  # 4.0.0 only

    response = officer_client.post(CREATE, data)

    dtro = Dtro.objects.get()
    assert not dtro.current_revision.is_valid
    page = officer_client.get(response["Location"]).content.decode()
    assert "motorVehiclesProhibited is not one this data specification version has" in page


def test_without_a_start_nothing_is_saved_and_the_page_says_so(officer_client, tra):
    data = guided_post(tra.code)
    data["provision-0-start"] = ""
    data["troName"] = ""

    response = officer_client.post(CREATE, data)

    assert response.status_code == 200
    assert not Dtro.objects.exists()
    page = response.content.decode()
    assert "Your changes have not been saved" in page
    assert "High Street, north side" in page


def test_an_edit_with_problems_is_saved_as_a_new_revision(officer_client, tra):
    officer_client.post(CREATE, guided_post(tra.code))
    dtro = Dtro.objects.get()
    data = guided_post(tra.code)
    data["reference"] = dtro.current_revision.document["data"]["source"]["reference"]
    data["statementDescription"] = ""

    officer_client.post(reverse("dtro_app:dtro_edit_form", args=[dtro.pk]), data)

    dtro.refresh_from_db()
    assert dtro.revisions.count() == 2
    assert not dtro.current_revision.is_valid


def test_the_create_page_promises_only_what_the_guided_form_does(officer_client):
    page = officer_client.get(reverse("dtro_app:dtro_create")).content.decode()
    assert "even with problems in it" in page
    assert "The guided form first needs the answers a D-TRO cannot be made without" in page
