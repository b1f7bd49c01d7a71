"""Reads of a batch for pages and for other features (bulk approval builds on `drafts_of`)."""

from __future__ import annotations

from django.db.models import QuerySet

from dtro_app.models import Dtro, DtroStatus, RevisionState
from imports.models import ImportBatch, ImportedFile, Outcome


def dtros_of(batch: ImportBatch) -> QuerySet[Dtro]:
    """Every D-TRO the batch created, adopted or found unchanged, once each."""
    return (
        Dtro.objects.filter(imported_files__batch=batch)
        .distinct()
        .select_related("current_revision")
        .order_by("pk")
    )


def drafts_of(batch: ImportBatch) -> QuerySet[Dtro]:
    """The batch's D-TROs that are valid drafts now (ready to be sent for approval)."""
    return dtros_of(batch).filter(
        status=DtroStatus.DRAFT,
        current_revision__state=RevisionState.DRAFT,
        current_revision__is_valid=True,
    )


def problem_files(batch: ImportBatch) -> QuerySet[ImportedFile]:
    return batch.files.filter(outcome__in=[Outcome.INVALID, Outcome.UNREADABLE]).order_by(
        "position"
    )
