"""While a batch is checked the page shows a progress bar that htmx polls (with a refresh
link for browsers without JavaScript); once finished, a poll reloads the page to the report."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from imports import services


def test_progress_then_report(officer_client, tra, officer):
    files = {f"{i}.json": as_json(valid_document(tra, name_suffix=f" {i}")) for i in range(4)}
    batch = services.start_import(
        authority=tra, user=officer, upload=SimpleUploadedFile("c.zip", zip_of(files))
    )
    services.process_next_chunk(batch.pk, chunk_size=1)
    url = f"/imports/{batch.pk}/"

    page = officer_client.get(url).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="25">' in page
    assert "1 of 4 files checked" in page
    assert f'hx-get="{url}?polling=1"' in page
    assert "Refresh this page" in page
    poll = officer_client.get(f"{url}?polling=1", headers={"HX-Request": "true"})
    assert "1 of 4 files checked" in poll.content.decode()
    assert "<html" not in poll.content.decode()

    while services.process_next_chunk(batch.pk):
        pass
    poll = officer_client.get(f"{url}?polling=1", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    page = officer_client.get(url).content.decode()
    assert 'data-outcome="created">4<' in page
    assert "import-progress-bar" not in page
