"""A batch of imported D-TRO files (a zip, a folder, or the service's CSV export) and what
became of each file.

Each file is recorded once, by its position in the batch: a worker that restarts resumes at
the first position with no `ImportedFile` row, and the unique (batch, position) constraint
stops two workers from recording the same file twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dtro_app.models import Dtro, TrafficAuthority
from dtro_app.models.authorities import TraScopedQuerySet


class ImportKind(models.TextChoices):
    FILES = "files", "D-TRO files"
    ADOPT = "adopt", "The D-TRO service's CSV export"


class BatchState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Checking files"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Stopped"


class Outcome(models.TextChoices):
    CREATED = "created", "Valid: draft created"
    INVALID = "invalid", "Has errors: draft created"
    UNCHANGED = "unchanged", "Already imported: nothing changed"
    UNREADABLE = "unreadable", "Could not be read"
    ADOPTED = "adopted", "Linked to the service's published order"
    SKIPPED = "skipped", "Another authority's order: skipped"


class ImportBatchQuerySet(TraScopedQuerySet):
    pass


def _archive_path(batch: ImportBatch, filename: str) -> str:
    return f"imports/{batch.authority_id}/{filename}"


class ImportBatch(models.Model):
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.PROTECT, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    kind = models.CharField(max_length=10, choices=ImportKind.choices, default=ImportKind.FILES)
    name = models.CharField(max_length=255, help_text="The uploaded file's or folder's name.")
    # A browser upload is stored here; the command's files and folders are read in place.
    archive = models.FileField(upload_to=_archive_path, blank=True)
    source_paths = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=BatchState.choices, default=BatchState.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Files (or rows) in the batch.")
    processed = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "-created_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:report", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.state in (BatchState.FINISHED, BatchState.FAILED)

    @property
    def percent(self) -> int:
        if self.is_done:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0


class ImportedFile(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    # Kept beside the batch's so "was this content imported for this TRA?" is one index probe.
    authority = models.ForeignKey(TrafficAuthority, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    dtro = models.ForeignKey(
        Dtro, on_delete=models.SET_NULL, null=True, blank=True, related_name="imported_files"
    )
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="one_record_per_file")
        ]
        indexes = [models.Index(fields=["authority", "content_hash"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome}"
