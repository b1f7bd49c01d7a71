"""Uploads the service would refuse get a plain-English error on the file input, never a 400/500."""

from __future__ import annotations

import gzip
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

URL = reverse("dtro_app:dtro_create_upload")


def _error_on_the_file_input(response) -> str:
    html = response.content.decode()
    assert 'id="id_file-error"' in html
    assert "govuk-file-upload--error" in html
    assert 'href="#id_file"' in html  # the error summary links to the input
    return html


def test_a_30_mb_file_is_refused_with_the_limit_named(officer_client, tra):
    upload = SimpleUploadedFile("huge.json", b" " * (30 * 1024 * 1024) + b"{}")

    response = officer_client.post(URL, {"file": upload, "authority": tra.code})

    html = _error_on_the_file_input(response)
    assert "30.0 MB" in html
    assert "at most 10 MB" in html
    assert Dtro.objects.count() == 0


def test_a_gzip_file_that_expands_past_25_mb_is_refused(officer_client, tra):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as gz:
        gz.write(b"[" + b"0," * (13 * 1024 * 1024) + b"0]")
    upload = SimpleUploadedFile("bomb.json.gz", buffer.getvalue())

    response = officer_client.post(URL, {"file": upload, "authority": tra.code})

    html = _error_on_the_file_input(response)
    assert "25 MB" in html
    assert Dtro.objects.count() == 0


def test_a_file_that_is_not_json_says_where_it_breaks(officer_client, tra):
    upload = SimpleUploadedFile("broken.json", b'{"schemaVersion": "4.0.0",\n "data": }')

    html = _error_on_the_file_input(officer_client.post(URL, {"file": upload}))

    assert "line 2, column" in html


def test_no_file_asks_for_one(officer_client, tra):
    html = _error_on_the_file_input(officer_client.post(URL, {}))

    assert "Select a .json or .json.gz file" in html


def test_with_the_progress_script_the_error_is_shown_after_the_redirect(officer_client, tra):
    upload = SimpleUploadedFile("huge.json", b" " * (11 * 1024 * 1024))

    response = officer_client.post(URL, {"file": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    page = officer_client.get(response.json()["redirect"])

    assert "at most 10 MB" in _error_on_the_file_input(page)
