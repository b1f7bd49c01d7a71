"""Officers never reach another TRA's D-TROs through the drafting pages (404, never 403)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from factories import draft_dtro, valid_document

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

PAGES = ["dtro_app:dtro_edit_form", "dtro_app:dtro_edit_json", "dtro_app:dtro_revoke"]


@pytest.fixture
def their_dtro(other_tra, other_officer):
    return draft_dtro(other_tra, other_officer)


@pytest.mark.parametrize("name", PAGES)
def test_another_tras_dtro_is_not_found_by_get(officer_client, their_dtro, name):
    assert officer_client.get(reverse(name, args=[their_dtro.pk])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_another_tras_dtro_is_not_found_by_post(officer_client, their_dtro, name):
    before = their_dtro.revisions.count()
    document = json.dumps(their_dtro.current_revision.document)

    response = officer_client.post(
        reverse(name, args=[their_dtro.pk]), {"document": document, "scope": "full"}
    )

    assert response.status_code == 404
    assert their_dtro.revisions.count() == before


def test_autosave_cannot_add_revisions_to_another_tras_dtro(officer_client, tra, their_dtro):
    response = officer_client.post(
        reverse("dtro_app:dtro_create_json"),
        {"document": json.dumps(valid_document(tra)), "dtro": str(their_dtro.pk)},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 404
    assert their_dtro.revisions.count() == 1


def test_a_dtro_cannot_be_created_for_another_tra(officer_client, other_tra):
    response = officer_client.post(
        reverse("dtro_app:dtro_create_json"),
        {"document": json.dumps(valid_document(other_tra)), "authority": other_tra.code},
    )

    assert response.status_code == 404
    assert not Dtro.objects.exists()


def test_live_validation_cannot_check_for_another_tra(officer_client, other_tra):
    response = officer_client.post(
        reverse("dtro_app:validate_json"), {"document": "{}", "authority": other_tra.code}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "dtro_app:dtro_create",
        "dtro_app:dtro_create_form",
        "dtro_app:dtro_create_json",
        "dtro_app:dtro_create_upload",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
