"""Saving from the JSON editor makes revisions; text that is not JSON yet is kept, not lost."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from drafting_helpers import page_of
from factories import draft_dtro, valid_document

from dtro_app.models import Dtro, RevisionOrigin

pytestmark = pytest.mark.django_db

CREATE = reverse("dtro_app:dtro_create_json")


def test_saving_json_creates_a_draft_and_goes_to_its_page(officer_client, tra):
    document = valid_document(tra)

    response = officer_client.post(
        CREATE, {"document": json.dumps(document), "authority": tra.code}
    )

    dtro = Dtro.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(dtro)
    assert dtro.current_revision.document == document
    assert dtro.current_revision.origin == RevisionOrigin.JSON
    assert dtro.current_revision.is_valid


def test_invalid_dtros_are_saved_too(officer_client, tra):
    officer_client.post(CREATE, {"document": '{"schemaVersion": "4.0.0", "data": {}}'})

    revision = Dtro.objects.get().current_revision
    assert not revision.is_valid
    assert revision.validation_issues


def test_text_that_is_not_json_is_shown_again_with_the_error_and_kept(officer_client, tra):
    text = '{"schemaVersion": "4.0.0", "data": {"source": {"troName": "Half typed'

    response = officer_client.post(CREATE, {"document": text, "authority": tra.code})

    html = response.content.decode()
    assert response.status_code == 200
    assert Dtro.objects.count() == 0
    assert "govuk-error-summary" in html
    assert "line 1, column" in html
    assert "Half typed" in html
    # Coming back later, the text is still there.
    again = officer_client.get(CREATE).content.decode()
    assert "Half typed" in again
    assert "We kept the text you typed" in again


def test_autosave_creates_one_draft_and_then_adds_revisions_to_it(officer_client, tra):
    document = valid_document(tra)

    first = officer_client.post(
        CREATE,
        {"document": json.dumps(document), "authority": tra.code, "dtro": ""},
        HTTP_HX_REQUEST="true",
    )
    dtro = Dtro.objects.get()
    assert first.status_code == 200
    assert "Draft saved as revision 1" in first.content.decode()
    assert f'value="{dtro.pk}" hx-swap-oob="true"' in first.content.decode()

    document["data"]["source"]["statementDescription"] = "Changed while typing"
    second = officer_client.post(
        CREATE,
        {"document": json.dumps(document), "authority": tra.code, "dtro": str(dtro.pk)},
        HTTP_HX_REQUEST="true",
    )
    assert "Draft saved as revision 2" in second.content.decode()
    assert Dtro.objects.count() == 1


def test_autosave_of_text_that_is_not_json_says_it_is_not_saved(officer_client, tra):
    response = officer_client.post(
        CREATE, {"document": "{", "authority": tra.code}, HTTP_HX_REQUEST="true"
    )

    assert "Not saved yet" in response.content.decode()
    assert Dtro.objects.count() == 0


def test_editing_saves_a_new_revision_and_skips_identical_content(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    url = reverse("dtro_app:dtro_edit_json", args=[dtro.pk])
    document = dtro.current_revision.document

    # The editor fetches the JSON after the page loads.
    text = officer_client.get(reverse("dtro_app:dtro_json_document", args=[dtro.pk]))
    assert "troName" in text.content.decode()

    officer_client.post(url, {"document": json.dumps(document)})
    assert dtro.revisions.count() == 1

    document["data"]["source"]["statementDescription"] = "A clearer statement"
    response = officer_client.post(url, {"document": json.dumps(document)})
    assert response.status_code == 302
    assert dtro.revisions.count() == 2
    dtro.refresh_from_db()
    assert dtro.current_revision.number == 2


def test_a_dtro_awaiting_approval_cannot_be_changed(officer_client, tra, officer):
    from factories import awaiting_approval

    revision = awaiting_approval(tra, officer)
    url = reverse("dtro_app:dtro_edit_json", args=[revision.dtro_id])

    response = officer_client.post(url, {"document": json.dumps(revision.document)})

    assert "awaiting approval" in response.content.decode()
    assert revision.dtro.revisions.count() == 1


def test_json_too_big_for_a_form_post_gets_a_clear_message(officer_client, tra):
    huge = '{"pad": "' + "x" * (12 * 1024 * 1024) + '"}'

    response = officer_client.post(CREATE, {"document": huge, "authority": tra.code})

    assert response.status_code == 413
    assert "Upload it as a .json.gz file" in response.content.decode()
    assert Dtro.objects.count() == 0


def test_json_nested_too_deeply_gets_a_plain_message_not_a_crash(officer_client, tra):
    text = "[" * 200_000 + "]" * 200_000

    saved = officer_client.post(CREATE, {"document": text, "authority": tra.code})
    checked = officer_client.post(
        reverse("dtro_app:validate_json"), {"document": text, "authority": tra.code}
    )

    assert saved.status_code == 200
    assert "nests too deeply" in saved.content.decode()
    assert "nests too deeply" in checked.content.decode()
    assert not Dtro.objects.exists()
