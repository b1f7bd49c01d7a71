"""A fault in the portal's checks on one file is that file's problem (logged), not a batch
stuck at it forever; a stored upload that has disappeared stops the batch with a message."""

from __future__ import annotations

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from dtro_validation import load_document
from imports import services
from imports.models import BatchState, ImportBatch


def _batch(tra, officer, names):
    files = {name: as_json(valid_document(tra, name_suffix=f" {name}")) for name in names}
    return services.start_import(
        authority=tra, user=officer, upload=SimpleUploadedFile("c.zip", zip_of(files))
    )


def test_the_faulty_file_is_reported_and_the_rest_imported(tra, officer, monkeypatch):
    def faulty(raw, *, filename=None):
        # A stand-in for a bug in the checks that only one document triggers.
        if filename == "poison.json":
            raise RuntimeError("a bug")
        return load_document(raw, filename=filename)

    monkeypatch.setattr(services, "load_document", faulty)
    batch = _batch(tra, officer, ["a.json", "poison.json", "b.json"])

    while services.process_next_chunk(batch.pk):
        pass

    batch.refresh_from_db()
    assert batch.state == BatchState.FINISHED
    outcomes = dict(batch.files.values_list("name", "outcome"))
    assert outcomes == {"a.json": "created", "poison.json": "unreadable", "b.json": "created"}
    assert "fault in the portal" in batch.files.get(name="poison.json").errors[0]["message"]


def test_a_vanished_upload_stops_the_batch_with_a_message(tra, officer):
    batch = _batch(tra, officer, ["a.json"])
    os.remove(batch.archive.path)

    assert services.process_next_chunk(batch.pk) is False

    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.state == BatchState.FAILED
    assert "can no longer be read" in batch.failure
