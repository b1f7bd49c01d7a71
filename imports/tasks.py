"""The background side of an import: a batch is worked through a chunk per task run, and the
task enqueues itself again until the batch is done, so a restarted worker resumes at the first
file with no record (acks_late redelivers the interrupted run)."""

from __future__ import annotations

from celery import shared_task

from imports import services


@shared_task(name=services.PROCESS_BATCH)
def process_batch(batch_id: int) -> None:
    if services.process_next_chunk(batch_id):
        process_batch.delay(batch_id)


@shared_task(name="imports.resume_stalled_batches")
def resume_stalled_batches() -> int:
    stalled = services.stalled_batches()
    for batch_id in stalled:
        process_batch.delay(batch_id)
    return len(stalled)
