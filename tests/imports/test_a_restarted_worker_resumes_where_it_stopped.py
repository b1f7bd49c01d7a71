"""A batch is worked through a chunk at a time; a worker that stops between chunks, or
replays a file it had already recorded, leaves each file recorded once."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from dtro_app.models import Dtro
from imports import reading, services
from imports.models import BatchState, ImportBatch


def test_each_file_is_recorded_once_across_chunks_and_replays(tra, officer):
    files = {f"{i}.json": as_json(valid_document(tra, name_suffix=f" {i}")) for i in range(5)}
    batch = services.start_import(
        authority=tra, user=officer, upload=SimpleUploadedFile("c.zip", zip_of(files))
    )

    assert services.process_next_chunk(batch.pk, chunk_size=2) is True
    assert ImportBatch.objects.get(pk=batch.pk).processed == 2
    # The worker dies here and the task is delivered again: it resumes at the third file.
    assert services.next_position(batch) == 2
    # A replay of a file recorded before the crash records nothing more.
    with batch.archive.open("rb") as archive:
        entries = reading.entries_of_zip(archive)
        services.import_entry(batch, next(entries))
        entries.close()
    assert batch.files.filter(position=0).count() == 1

    while services.process_next_chunk(batch.pk, chunk_size=2):
        pass
    batch.refresh_from_db()
    assert batch.state == BatchState.FINISHED
    assert sorted(batch.files.values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    assert Dtro.objects.count() == 5
