"""An import whose worker stopped (or whose message never reached a worker) is picked up by
the periodic sweep and finishes; one still making progress is left to its worker."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factories import valid_document
from import_helpers import as_json, zip_of

from imports import services, tasks
from imports.models import BatchState, ImportBatch


def test_the_sweep_resumes_only_stalled_batches(tra, officer, deliver_immediately):
    files = {f"{i}.json": as_json(valid_document(tra, name_suffix=f" {i}")) for i in range(3)}

    def start():
        return services.start_import(
            authority=tra, user=officer, upload=SimpleUploadedFile("c.zip", zip_of(files))
        )

    stalled, busy = start(), start()
    services.process_next_chunk(stalled.pk, chunk_size=1)
    services.process_next_chunk(busy.pk, chunk_size=1)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ImportBatch.objects.filter(pk__in=[stalled.pk, busy.pk]).update(created_at=an_hour_ago)
    stalled.files.update(created_at=an_hour_ago)

    assert tasks.resume_stalled_batches() == 1

    assert ImportBatch.objects.get(pk=stalled.pk).state == BatchState.FINISHED
    assert ImportBatch.objects.get(pk=busy.pk).state == BatchState.RUNNING
