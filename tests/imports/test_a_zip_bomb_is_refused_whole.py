"""A zip with too many files, or that inflates past the import's total, is refused at upload
with a plain message; nothing is stored or queued."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from import_helpers import zip_of

from imports import reading
from imports.models import ImportBatch


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_ENTRIES", 3, "The zip holds 4 files; at most 3 can be imported at once"),
        ("MAX_TOTAL_BYTES", 1024 * 1024, "more than the 1.0 MB one import can take"),
    ],
)
def test_the_upload_is_refused(officer_client, tra, monkeypatch, limit, value, message):
    monkeypatch.setattr(reading, limit, value)
    files = {f"{i}.json": b" " * (400 * 1024) + b"{}" for i in range(4)}
    response = officer_client.post(
        "/imports/", {"authority": tra.code, "file": SimpleUploadedFile("c.zip", zip_of(files))}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused(officer_client, tra):
    response = officer_client.post(
        "/imports/", {"authority": tra.code, "file": SimpleUploadedFile("c.zip", b"not a zip")}
    )
    assert response.status_code == 400
    assert "not a zip file" in response.content.decode()
