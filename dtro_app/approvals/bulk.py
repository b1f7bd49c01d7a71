"""Supervisors' batch decisions: what awaits them (filtered), a summary before confirming,
then approve or reject each order through the one-by-one services, in chunks.

Four eyes holds in a batch as it does alone: an order the supervisor drafted or sent for
approval is listed as one they cannot approve and stays awaiting approval. Every order is
approved through `services.approve`, so each has its own approval, submission and audit
event; the submissions share the batch, which the outbox feeds behind single changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dtro_app.approvals.services import ApprovalError, approve, own_order_refusal, reject
from dtro_app.approvals.supervision import revisions_awaiting_approval
from dtro_app.drafting.bulk import run_send, start_batch
from dtro_app.labels import label
from dtro_app.models import BatchKind, ChangeAction, DeliveryBatch, Revision, RevisionOrigin
from dtro_validation.document_parts import provisions_of

CHUNK = 200


@dataclass(frozen=True)
class Filters:
    officer: int | None = None  # who sent them for approval
    sent_batch: str | None = None  # a batch sent for approval together (DeliveryBatch id)
    sent_from: date | None = None
    sent_to: date | None = None


def awaiting(user: Any, filters: Filters = Filters()) -> QuerySet[Revision]:
    """What awaits `user`'s approval, in their TRAs only, narrowed by `filters`."""
    revisions = revisions_awaiting_approval(user)
    if filters.officer:
        revisions = revisions.filter(sent_for_approval_by_id=filters.officer)
    if filters.sent_batch:
        batch = DeliveryBatch.objects.filter(pk=filters.sent_batch).first()
        revisions = revisions.filter(pk__in=batch.revision_ids if batch else [])
    if filters.sent_from:
        revisions = revisions.filter(sent_for_approval_at__date__gte=filters.sent_from)
    if filters.sent_to:
        revisions = revisions.filter(sent_for_approval_at__date__lte=filters.sent_to)
    return revisions


@dataclass
class BatchSummary:
    """What a supervisor is about to decide on, counted."""

    orders: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    provisions: int = 0
    regulation_types: Counter[str] = field(default_factory=Counter)
    # (reference, why) of orders they cannot approve, and of orders with validation errors.
    own: list[tuple[str, str]] = field(default_factory=list)
    with_errors: list[str] = field(default_factory=list)
    approvable: list[int] = field(default_factory=list)
    decidable: list[int] = field(default_factory=list)  # may be rejected (own ones too)

    @property
    def action_counts(self) -> list[tuple[str, int]]:
        return [(name, self.actions[name]) for name in ACTION_NAMES if self.actions[name]]

    @property
    def regulation_counts(self) -> list[tuple[str, int]]:
        return self.regulation_types.most_common()


ACTION_NAMES = ("Creates", "Amendments", "Revocations", "Deletions")


def kind_of_change(revision: Revision) -> str:
    if revision.action == ChangeAction.CREATE:
        return "Creates"
    if revision.action == ChangeAction.DELETE:
        return "Deletions"
    return "Revocations" if revision.origin == RevisionOrigin.REVOKE else "Amendments"


def _regulation_types(provision: dict[str, Any], version: str) -> list[str]:
    found = []
    regulations = provision.get("regulation")
    for regulation in regulations if isinstance(regulations, list) else [regulations]:
        if not isinstance(regulation, dict):
            continue
        for value in regulation.values():
            if isinstance(value, dict) and value.get("regulationType"):
                found.append(label(value["regulationType"], "regulationType", version))
    return found


def summarise_batch(user: Any, revisions: QuerySet[Revision]) -> BatchSummary:
    summary = BatchSummary()
    for revision in revisions.iterator(chunk_size=CHUNK):
        summary.orders += 1
        summary.decidable.append(revision.pk)
        summary.actions[kind_of_change(revision)] += 1
        provisions = provisions_of(revision.document)
        summary.provisions += len(provisions)
        for provision in provisions:
            summary.regulation_types.update(_regulation_types(provision, revision.schema_version))
        reference = revision.dtro.reference
        if refusal := own_order_refusal(user, revision):
            summary.own.append((reference, refusal))
        elif not revision.is_valid:
            summary.with_errors.append(reference)
        else:
            summary.approvable.append(revision.pk)
    return summary


def start_decision(
    user: Any,
    revisions: QuerySet[Revision],
    *,
    approve_them: bool,
    reason: str = "",
    in_background: bool | None = None,
) -> list[DeliveryBatch]:
    """Approve (or reject, with `reason`) the given revisions, one batch per TRA. Approval
    leaves out the user's own orders and those with errors, listing them as skipped."""
    reason = reason.strip()
    if not approve_them and not reason:
        raise ApprovalError("Say why you are rejecting these D-TROs, so the officers can fix them.")
    summary = summarise_batch(user, revisions)
    chosen = set(summary.approvable if approve_them else summary.decidable)
    skipped_why = {ref: why for ref, why in summary.own} if approve_them else {}
    if approve_them:
        skipped_why.update({ref: "It has errors to fix first." for ref in summary.with_errors})
    by_authority: dict[int, tuple[list[int], list[dict[str, str]]]] = {}
    for revision in revisions.iterator(chunk_size=CHUNK):
        ids, skipped = by_authority.setdefault(revision.dtro.authority_id, ([], []))
        if revision.pk in chosen:
            ids.append(revision.pk)
        else:
            ref = revision.dtro.reference
            skipped.append({"reference": ref, "why": skipped_why.get(ref, "")})
    batches = []
    for authority_id, (ids, skipped) in by_authority.items():
        batch = DeliveryBatch.objects.create(
            authority_id=authority_id,
            kind=BatchKind.APPROVAL if approve_them else BatchKind.REJECTION,
            created_by=user,
            revision_ids=ids,
            total=len(ids),
            skipped=skipped,
            reason=reason,
        )
        start_batch(batch, run_batch, in_background=in_background)
        batches.append(batch)
    return batches


def run_batch(batch: DeliveryBatch) -> DeliveryBatch:
    """Work through a batch chunk by chunk; a rerun resumes after what it processed."""
    if batch.kind == BatchKind.SEND_FOR_APPROVAL:
        return run_send(batch)
    user = batch.created_by
    for chunk in batch.chunks(CHUNK):
        revisions = Revision.objects.select_related("dtro").in_bulk(chunk)
        done, skipped = 0, []
        for revision_id in chunk:
            revision = revisions.get(revision_id)
            if revision is None:
                continue
            try:
                if batch.kind == BatchKind.APPROVAL:
                    approve(revision, user=user, batch=batch)
                else:
                    reject(revision, user=user, reason=batch.reason)
            except ApprovalError as refusal:
                skipped.append({"reference": revision.dtro.reference, "why": str(refusal)})
                continue
            done += 1
        batch.record_chunk(processed=len(chunk), done=done, skipped=skipped)
    if not batch.total and batch.finished_at is None:
        batch.record_chunk(processed=0, done=0, skipped=[])
    return batch
