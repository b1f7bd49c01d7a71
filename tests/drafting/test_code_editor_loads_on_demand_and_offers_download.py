"""The JSON editor's page does not carry the D-TRO: the code editor fetches it. Without
JavaScript, `?plain=1` puts it in the text box. Past DTRO_EDITOR_MAX_BYTES the page offers a
download and an upload of the changed file instead of an editor."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from factories import draft_dtro

pytestmark = pytest.mark.django_db


@pytest.fixture
def dtro(tra, officer):
    return draft_dtro(tra, officer)


def _edit(dtro) -> str:
    return reverse("dtro_app:dtro_edit_json", args=[dtro.pk])


def _document(dtro) -> str:
    return reverse("dtro_app:dtro_json_document", args=[dtro.pk])


def test_the_page_asks_for_the_json_rather_than_carrying_it(officer_client, dtro):
    statement = dtro.current_revision.document["data"]["source"]["statementDescription"]

    html = officer_client.get(_edit(dtro)).content.decode()
    text = officer_client.get(_document(dtro))

    assert statement not in html
    assert f'data-document-url="{_document(dtro)}"' in html
    assert 'href="?plain=1"' in html  # the route without JavaScript
    assert json.loads(text.content) == dtro.current_revision.document
    assert text.content.decode().startswith('{\n  "')  # indented to edit
    assert text["Cache-Control"] == "no-store"


def test_without_javascript_the_text_box_holds_the_json(officer_client, dtro):
    statement = dtro.current_revision.document["data"]["source"]["statementDescription"]

    html = officer_client.get(_edit(dtro), {"plain": "1"}).content.decode()

    assert statement in html
    assert "data-document-url" not in html


def test_text_kept_from_last_time_is_what_the_editor_fetches(officer_client, dtro, tra):
    officer_client.post(_edit(dtro), {"document": '{"half typed', "authority": tra.code})

    html = officer_client.get(_edit(dtro)).content.decode()
    text = officer_client.get(_document(dtro))

    assert "We kept the text you typed" in html
    assert text.content.decode() == '{"half typed'
    assert text["Content-Type"].startswith("text/plain")


def test_the_download_is_the_saved_json_not_the_text_kept(officer_client, dtro, tra):
    officer_client.post(_edit(dtro), {"document": '{"half typed', "authority": tra.code})

    download = officer_client.get(_document(dtro), {"download": "1"})

    assert json.loads(download.content) == dtro.current_revision.document


def test_another_tras_officer_cannot_fetch_it(dtro, other_officer):
    client = Client()
    client.force_login(other_officer)

    assert client.get(_document(dtro)).status_code == 404


def test_the_editor_page_lets_in_only_its_own_style_element(officer_client, dtro):
    response = officer_client.get(_edit(dtro))

    policy = response["Content-Security-Policy"]
    (nonce,) = re.findall(r'data-style-nonce="([^"]+)"', response.content.decode())
    assert re.search(rf"style-src 'self' 'nonce-{re.escape(nonce)}'(;|$)", policy)
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert officer_client.get(_edit(dtro))["Content-Security-Policy"] != policy  # per response


def test_past_the_threshold_the_page_offers_download_and_upload(officer_client, dtro, settings):
    settings.DTRO_EDITOR_MAX_BYTES = 1000

    html = officer_client.get(_edit(dtro)).content.decode()
    download = officer_client.get(_document(dtro), {"download": "1"})

    assert "more than the 1000" in html and "can be changed in the browser" in html
    assert f'href="{_document(dtro)}?download=1"' in html
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    assert "<textarea" not in html and "drafting-editor.mjs" not in html
    assert download["Content-Disposition"] == f'attachment; filename="{dtro.reference}.json"'
    assert json.loads(download.content) == dtro.current_revision.document


def test_the_uploaded_file_is_saved_as_a_new_draft(officer_client, dtro, settings):
    settings.DTRO_EDITOR_MAX_BYTES = 1000
    document = dtro.current_revision.document
    document["data"]["source"]["statementDescription"] = "Changed in my own editor"
    upload = SimpleUploadedFile("order.json", json.dumps(document).encode(), "application/json")

    response = officer_client.post(_edit(dtro), {"file": upload})

    dtro.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == dtro.get_absolute_url()
    assert dtro.current_revision.number == 2
    assert dtro.current_revision.document == document
    assert dtro.current_revision.note == "Uploaded order.json"


def test_an_upload_that_is_not_json_says_why(officer_client, dtro, settings):
    settings.DTRO_EDITOR_MAX_BYTES = 1000
    upload = SimpleUploadedFile("order.txt", b"hello", "text/plain")

    response = officer_client.post(_edit(dtro), {"file": upload})

    assert response.status_code == 400
    assert "must be a .json or .json.gz file" in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()
    assert dtro.revisions.count() == 1
