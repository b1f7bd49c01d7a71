"""The upload's message reaches a real Celery worker on the test broker, which works through
the batch a chunk per task run (each run enqueueing the next) until the report is ready."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from imports import services
from imports.models import BatchState, ImportBatch
from portal.celery import app

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def test_a_worker_processes_the_batch_in_chunks(officer_client, tra, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    app.control.purge()
    files = {f"{i}.json": as_json(valid_document(tra, name_suffix=f" {i}")) for i in range(5)}
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        officer_client.post(
            "/imports/", {"authority": tra.code, "file": SimpleUploadedFile("c.zip", zip_of(files))}
        )
        batch = ImportBatch.objects.get()
        deadline = time.monotonic() + 60
        while not batch.is_done and time.monotonic() < deadline:
            time.sleep(0.2)
            batch.refresh_from_db()
    assert batch.state == BatchState.FINISHED
    assert batch.processed == 5
    assert sorted(batch.files.values_list("outcome", flat=True)) == ["created"] * 5
