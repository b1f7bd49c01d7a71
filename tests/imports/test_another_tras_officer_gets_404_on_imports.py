"""Imports are seen only by officers of their TRA; others get a 404 on every page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from imports import services


@pytest.mark.parametrize("page", ["", "dtros/", "problems.csv"])
def test_another_tras_officer_gets_404(client, tra, officer, other_officer, page):
    batch = services.start_import(
        authority=tra,
        user=officer,
        upload=SimpleUploadedFile("c.zip", zip_of({"a.json": as_json(valid_document(tra))})),
    )
    client.force_login(other_officer)
    assert client.get(f"/imports/{batch.pk}/{page}").status_code == 404
    client.force_login(officer)
    assert client.get(f"/imports/{batch.pk}/{page}").status_code == 200


def test_an_officer_cannot_import_for_another_tra(client, other_tra, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("c.zip", zip_of({"a.json": as_json(valid_document(other_tra))}))
    response = client.post("/imports/", {"authority": other_tra.code, "file": upload})
    assert response.status_code == 400
    assert "Select the traffic regulation authority" in response.content.decode()
