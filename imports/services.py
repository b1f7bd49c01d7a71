"""Importing a back catalogue: starting a batch and working through it a chunk at a time.

Every readable file becomes a draft D-TRO, valid or not, through the drafting services (the
same as a single upload). A file is identified by its TRA and the hash of its canonical
document (`dtro_app.models.dtros.document_hash`: key order and whitespace do not matter): when
an earlier import of the same TRA holds that hash and its D-TRO still exists, the file is
"unchanged" and nothing is created. Any other file, even a changed version of an order
imported before, becomes a new draft.

Rows of the service's CSV export are adopted instead: the TRA's rows become published D-TROs
linked to their service id, and nothing is sent to the service.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from dtro_app import audit
from dtro_app.drafting.services import create_dtro, validation_of
from dtro_app.enqueue import enqueue_quietly
from dtro_app.models import (
    ChangeAction,
    Dtro,
    DtroStatus,
    Revision,
    RevisionOrigin,
    RevisionState,
    TrafficAuthority,
)
from dtro_app.models.dtros import document_hash, tro_name_of
from dtro_app.models.status import refresh_status
from dtro_validation import InputError, load_document
from dtro_validation.issues import split_by_severity
from imports import reading
from imports.models import BatchState, ImportBatch, ImportedFile, ImportKind, Outcome

logger = logging.getLogger(__name__)

# Files handled per task run: small enough that a restart loses little, large enough that
# the cost of starting a task is small beside the work.
CHUNK_SIZE = 100
# The task's name on the broker (imports.tasks); callers enqueue through `enqueue`.
PROCESS_BATCH = "imports.process_batch"
# Errors kept per file for the report and the CSV (the draft itself keeps them all).
MAX_ERRORS_KEPT = 200


# --- starting ------------------------------------------------------------------------------


def start_import(
    *,
    authority: TrafficAuthority,
    user: Any,
    upload: UploadedFile | None = None,
    paths: list[str] | None = None,
    adopt: bool = False,
) -> ImportBatch:
    """A queued batch for an uploaded zip or CSV export, or for files and folders on disk.

    Raises InputError (plain English) when the whole upload must be refused: not a zip or a
    CSV, a zip bomb, too many files. The caller enqueues `imports.tasks.process_batch`.
    """
    if upload is not None:
        batch = _batch_of_upload(authority, user, upload)
    elif paths:
        batch = _batch_of_paths(authority, user, paths, adopt=adopt)
    else:
        raise InputError("missing", "Select a .zip file of D-TROs, or the service's CSV export.")
    audit.record(
        "import.started",
        actor=user,
        authority=authority,
        target=batch,
        summary=f"Import {batch.pk} of {batch.name} started ({batch.total:,} files)",
    )
    return batch


def enqueue(batch: ImportBatch) -> None:
    """Hand the batch to the workers (after the caller's transaction has committed)."""
    enqueue_quietly(PROCESS_BATCH, batch.pk)


def _batch_of_upload(authority: TrafficAuthority, user: Any, upload: UploadedFile) -> ImportBatch:
    name = Path(upload.name or "").name
    lower = name.lower()
    if lower.endswith(".zip"):
        kind = ImportKind.FILES
        total = reading.check_zip(cast(IO[bytes], upload.file))
    elif lower.endswith(".csv"):
        kind = ImportKind.ADOPT
        total = reading.count_rows(cast(IO[bytes], upload.file))
    else:
        raise InputError(
            "bad_type",
            "The selected file must be a .zip of D-TRO files or the D-TRO service's .csv export.",
        )
    upload.seek(0)
    batch = ImportBatch(authority=authority, created_by=user, kind=kind, name=name, total=total)
    # Saving streams the upload to storage in chunks; it is never read into memory whole.
    batch.archive.save(f"{uuid.uuid4().hex}-{name}"[:100], upload, save=False)
    batch.save()
    return batch


def _batch_of_paths(
    authority: TrafficAuthority, user: Any, paths: list[str], *, adopt: bool
) -> ImportBatch:
    files = reading.expand_paths(paths)
    if adopt:
        if len(files) != 1 or not files[0].lower().endswith(".csv"):
            raise InputError("bad_type", "With --adopt, give one .csv export of the service.")
        with open(files[0], "rb") as file:
            total = reading.count_rows(file)
    else:
        total = reading.count_entries(files)
    return ImportBatch.objects.create(
        authority=authority,
        created_by=user,
        kind=ImportKind.ADOPT if adopt else ImportKind.FILES,
        name=", ".join(Path(path).name for path in paths)[:255],
        source_paths=files,
        total=total,
    )


# --- working through a batch ---------------------------------------------------------------

# A batch with no new record for this long has no worker on it (a chunk takes well under a
# minute); the periodic sweep enqueues it again.
STALLED_AFTER = timedelta(minutes=10)


def stalled_batches(now: datetime | None = None) -> list[int]:
    """Unfinished batches with no progress since STALLED_AFTER: queued ones whose message was
    lost, running ones whose worker died without the broker redelivering its task."""
    since = (now or timezone.now()) - STALLED_AFTER
    return list(
        ImportBatch.objects.filter(state__in=[BatchState.QUEUED, BatchState.RUNNING])
        .annotate(last_record=Max("files__created_at"))
        .filter(created_at__lt=since)
        .filter(Q(last_record__isnull=True) | Q(last_record__lt=since))
        .values_list("pk", flat=True)
    )


@contextmanager
def _archive(batch: ImportBatch) -> Iterator[IO[bytes]]:
    batch.archive.open("rb")
    try:
        yield batch.archive.file
    finally:
        batch.archive.close()


def _entries(batch: ImportBatch, start: int) -> Iterator[reading.Entry]:
    if batch.archive:
        with _archive(batch) as file:
            yield from reading.entries_of_zip(file, start)
    else:
        yield from reading.entries_of_paths(batch.source_paths, start)


def _rows(batch: ImportBatch, start: int) -> Iterator[reading.ExportRow]:
    if batch.archive:
        with _archive(batch) as file:
            yield from reading.export_rows(file, start)
    else:
        with open(batch.source_paths[0], "rb") as file:
            yield from reading.export_rows(file, start)


def next_position(batch: ImportBatch) -> int:
    """The first file with no record: where a restarted worker resumes."""
    last = batch.files.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def process_next_chunk(batch_id: int, *, chunk_size: int | None = None) -> bool:
    """Import up to `chunk_size` (CHUNK_SIZE) more files of the batch; True while files remain."""
    chunk_size = chunk_size or CHUNK_SIZE
    batch = ImportBatch.objects.select_related("authority", "created_by").get(pk=batch_id)
    if batch.is_done:
        return False
    if batch.state == BatchState.QUEUED:
        ImportBatch.objects.filter(pk=batch.pk).update(state=BatchState.RUNNING)
    start = next_position(batch)
    handled = 0
    try:
        items: Iterator[Any] = (
            _rows(batch, start) if batch.kind == ImportKind.ADOPT else _entries(batch, start)
        )
        for item in items:
            if handled >= chunk_size:
                return True
            record = adopt_row if batch.kind == ImportKind.ADOPT else import_entry
            try:
                record(batch, item)
            except DatabaseError:
                raise  # the database is unavailable: the task fails and is resumed later
            except Exception:
                # One file the checks cannot handle must not stop the batch at it forever.
                logger.exception("Import %s: file %s could not be checked", batch.pk, item)
                _record_unexpected(batch, item)
            handled += 1
    except InputError as exc:
        _finish(batch, failure=exc.message)
        return False
    except (OSError, zipfile.BadZipFile):
        logger.exception("Import %s: its files could not be read", batch.pk)
        _finish(batch, failure=UNREADABLE_SOURCE)
        return False
    _finish(batch)
    return False


UNREADABLE_SOURCE = (
    "The uploaded file or folder can no longer be read (it was moved, deleted or damaged). "
    "Import it again."
)
UNEXPECTED = (
    "The portal could not check this file because of a fault in the portal, which has been "
    "logged. Try importing it again later, or upload it on its own."
)


def _record_unexpected(batch: ImportBatch, item: Any) -> None:
    name = getattr(item, "name", "") or getattr(item, "service_id", "") or "(unknown)"
    _record_unreadable(batch, "internal", UNEXPECTED, position=item.position, name=str(name))


def _record_unreadable(
    batch: ImportBatch, code: str, message: str, *, position: int, name: str, **fields: Any
) -> None:
    """Record a file (or row) that made no draft, with the one problem that stopped it."""
    errors = [{"path": "", "code": code, "message": message}]
    _once(
        batch,
        position,
        lambda: _record(
            batch,
            position=position,
            name=name[:500],
            outcome=Outcome.UNREADABLE,
            error_count=1,
            errors=errors,
            **fields,
        ),
    )


def _record(batch: ImportBatch, **fields: Any) -> None:
    ImportedFile.objects.create(batch=batch, authority_id=batch.authority_id, **fields)
    ImportBatch.objects.filter(pk=batch.pk).update(processed=F("processed") + 1)


def _once(batch: ImportBatch, position: int, work: Any) -> None:
    """Run `work` in one transaction with its record; a file another worker recorded first
    is left as that worker recorded it (the unique position rolls ours back)."""
    try:
        with transaction.atomic():
            work()
    except IntegrityError:
        if not ImportedFile.objects.filter(batch=batch, position=position).exists():
            raise


def _hold_lock(authority_id: int, key: str) -> None:
    """Until the transaction ends, no other import of this TRA works on the same `key` (a
    content hash, a service id): two imports of one file at the same moment would each find
    no earlier copy and both make a draft. SQLite needs nothing: its transactions take the
    database's write lock as they begin (`transaction_mode` IMMEDIATE in settings)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"import:{authority_id}:{key}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def import_entry(batch: ImportBatch, entry: reading.Entry) -> None:
    common = {"position": entry.position, "name": entry.name[:500], "size": entry.size}
    try:
        document = load_document(entry.read(), filename=entry.name)
    except InputError as exc:
        _record_unreadable(
            batch, exc.code, exc.message, position=entry.position, name=entry.name, size=entry.size
        )
        return
    content_hash = document_hash(document)

    def work() -> None:
        _hold_lock(batch.authority_id, content_hash)
        earlier = (
            ImportedFile.objects.filter(
                authority_id=batch.authority_id, content_hash=content_hash, dtro__isnull=False
            )
            .exclude(dtro__status=DtroStatus.DELETED)
            .values_list("dtro_id", flat=True)
            .first()
        )
        if earlier is not None:
            _record(
                batch,
                outcome=Outcome.UNCHANGED,
                dtro_id=earlier,
                content_hash=content_hash,
                **common,
            )
            return
        dtro = create_dtro(
            authority=batch.authority,
            user=batch.created_by,
            document=document,
            origin=RevisionOrigin.UPLOAD,
            note=f"Imported {entry.name} (import {batch.pk})"[:500],
        )
        revision = dtro.current_revision
        assert revision is not None
        errors, _advice = split_by_severity(revision.validation_issues)
        _record(
            batch,
            outcome=Outcome.CREATED if revision.is_valid else Outcome.INVALID,
            dtro=dtro,
            content_hash=content_hash,
            error_count=len(errors),
            errors=[_plain(issue) for issue in errors[:MAX_ERRORS_KEPT]],
            **common,
        )

    _once(batch, entry.position, work)


def _plain(issue: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": issue.get("path", ""),
        "code": issue.get("code", ""),
        "message": issue.get("message", ""),
    }


def adopt_row(batch: ImportBatch, row: reading.ExportRow) -> None:
    """Link one published order of the service's export, sending nothing."""
    name = row.service_id or f"Row {row.position + 1}"
    common = {"position": row.position, "name": name[:500]}
    problem = row.problem
    service_id: uuid.UUID | None = None
    if not problem:
        try:
            service_id = uuid.UUID(row.service_id)
        except ValueError:
            problem = "The row's Id is not a D-TRO service id."
    if problem or service_id is None:
        _record_unreadable(batch, "bad_row", problem, position=row.position, name=name)
        return
    if row.tra_code != batch.authority.code:
        _once(
            batch,
            row.position,
            lambda: _record(batch, outcome=Outcome.SKIPPED, **common),
        )
        return
    document = {"schemaVersion": row.schema_version, "data": row.data}

    def work() -> None:
        _hold_lock(batch.authority_id, f"service:{service_id}")
        linked = Dtro.objects.filter(service_id=service_id).values_list("pk", flat=True).first()
        if linked is not None:
            _record(batch, outcome=Outcome.UNCHANGED, dtro_id=linked, **common)
            return
        dtro = adopt_published(batch, service_id, document)
        _record(
            batch,
            outcome=Outcome.ADOPTED,
            dtro=dtro,
            content_hash=document_hash(document),
            **common,
        )

    _once(batch, row.position, work)


def adopt_published(batch: ImportBatch, service_id: uuid.UUID, document: Any) -> Dtro:
    """A D-TRO whose published revision is the service's record (origin "service")."""
    user = batch.created_by
    dtro = Dtro.objects.create(
        authority=batch.authority, created_by=user, name=tro_name_of(document)
    )
    is_valid, issues = validation_of(document, batch.authority)
    revision = Revision.objects.create(
        dtro=dtro,
        number=1,
        action=ChangeAction.CREATE,
        origin=RevisionOrigin.SERVICE,
        state=RevisionState.APPROVED,
        document=document,
        document_hash=document_hash(document),
        schema_version=str(document.get("schemaVersion") or "")[:20],
        tro_name=dtro.name,
        is_valid=is_valid,
        validation_issues=issues,
        note=f"Adopted from the D-TRO service's export (import {batch.pk})",
        created_by=user,
    )
    Dtro.objects.filter(pk=dtro.pk).update(
        current_revision=revision, schema_version=revision.schema_version
    )
    refresh_status(
        dtro, service_id=service_id, published_revision=revision, published_at=timezone.now()
    )
    audit.record(
        "dtro.adopted",
        actor=user,
        authority=batch.authority,
        target=dtro,
        summary=f"{dtro.reference} linked to the service's published order {service_id}",
    )
    return dtro


def _finish(batch: ImportBatch, *, failure: str = "") -> None:
    updated = ImportBatch.objects.filter(pk=batch.pk).exclude(
        state__in=[BatchState.FINISHED, BatchState.FAILED]
    )
    state = BatchState.FAILED if failure else BatchState.FINISHED
    if not updated.update(state=state, failure=failure, finished_at=timezone.now()):
        return
    counts = outcome_counts(batch)
    summary = ", ".join(f"{count:,} {outcome}" for outcome, count in counts.items() if count)
    ending = f"stopped: {failure}" if failure else "finished"
    audit.record(
        "import.failed" if failure else "import.finished",
        actor=batch.created_by,
        authority=batch.authority,
        target=batch,
        summary=f"Import {batch.pk} of {batch.name} {ending} ({summary or 'no files'})",
    )


def outcome_counts(batch: ImportBatch) -> dict[str, int]:
    counts = dict.fromkeys(Outcome.values, 0)
    for row in batch.files.values("outcome").annotate(n=Count("pk")).order_by():
        counts[row["outcome"]] = row["n"]
    return counts
