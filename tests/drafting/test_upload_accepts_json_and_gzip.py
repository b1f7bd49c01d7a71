"""Uploading a .json or .json.gz file makes a draft D-TRO."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drafting_helpers import page_of
from factories import valid_document

from dtro_app.models import Dtro, RevisionOrigin

pytestmark = pytest.mark.django_db

URL = reverse("dtro_app:dtro_create_upload")


def test_a_gzip_file_is_unpacked_validated_and_saved(officer_client, tra):
    document = valid_document(tra)
    upload = SimpleUploadedFile(
        "order.json.gz", gzip.compress(json.dumps(document).encode()), "application/gzip"
    )

    response = officer_client.post(URL, {"file": upload, "authority": tra.code})

    dtro = Dtro.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(dtro)
    assert dtro.current_revision.origin == RevisionOrigin.UPLOAD
    assert dtro.current_revision.document == document
    assert dtro.current_revision.is_valid


def test_a_plain_json_file_is_saved(officer_client, tra):
    upload = SimpleUploadedFile("order.json", json.dumps(valid_document(tra)).encode())

    officer_client.post(URL, {"file": upload})

    assert Dtro.objects.get().current_revision.origin == RevisionOrigin.UPLOAD


def test_the_progress_script_gets_where_to_go_next(officer_client, tra):
    upload = SimpleUploadedFile("order.json", json.dumps(valid_document(tra)).encode())

    response = officer_client.post(URL, {"file": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.json() == {"redirect": page_of(Dtro.objects.get())}


def test_the_upload_page_has_a_progress_indicator_and_a_plain_file_input(officer_client, tra):
    html = officer_client.get(URL).content.decode()

    assert '<progress id="upload-progress-bar"' in html
    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html
