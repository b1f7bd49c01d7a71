"""Sending many drafts for approval at once, each under the same rules as one by one.

`send_batch_for_approval(dtros, user)` is the hook other features call (an import's "send
all valid drafts for approval"). It makes one `DeliveryBatch` per TRA, works through it in
chunks, and reports what was sent and what was skipped and why. Batches larger than
`INLINE_LIMIT` are worked through by a Celery task (`dtro_app.run_batch`) while the page
shows progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dtro_app import enqueue
from dtro_app.drafting.services import DraftingError, send_for_approval
from dtro_app.models import BatchKind, DeliveryBatch, Dtro, Revision, TrafficAuthority
from dtro_app.notifications import approvals as approval_emails

CHUNK = 200
INLINE_LIMIT = 200


def send_batch_for_approval(
    dtros: Iterable[Dtro], user: Any, *, in_background: bool | None = None
) -> list[DeliveryBatch]:
    """Send the current draft of each of `dtros` for approval; one batch per TRA.

    Orders of TRAs the user is not a member of are left out. With `in_background` None,
    batches over `INLINE_LIMIT` go to a Celery task and the rest are done now."""
    allowed = set(TrafficAuthority.objects.for_user(user).values_list("pk", flat=True))
    by_authority: dict[int, list[int]] = {}
    for dtro in dtros:
        if dtro.authority_id in allowed and dtro.current_revision_id is not None:
            by_authority.setdefault(dtro.authority_id, []).append(dtro.current_revision_id)
    batches = []
    for authority_id, revision_ids in by_authority.items():
        batch = DeliveryBatch.objects.create(
            authority_id=authority_id,
            kind=BatchKind.SEND_FOR_APPROVAL,
            created_by=user,
            revision_ids=revision_ids,
            total=len(revision_ids),
        )
        start_batch(batch, run_send, in_background=in_background)
        batches.append(batch)
    return batches


def start_batch(
    batch: DeliveryBatch,
    run: Callable[[DeliveryBatch], DeliveryBatch],
    *,
    in_background: bool | None = None,
) -> None:
    """Run `batch` now, or in the `dtro_app.run_batch` task when it is over `INLINE_LIMIT`
    (or asked); run now when the broker cannot take it."""
    background = batch.total > INLINE_LIMIT if in_background is None else in_background
    if not background or not enqueue.enqueue_quietly(enqueue.RUN_BATCH, str(batch.pk)):
        run(batch)


def run_send(batch: DeliveryBatch) -> DeliveryBatch:
    """Work through a send-for-approval batch, chunk by chunk (safe to run again: it
    resumes after what it has processed)."""
    user = batch.created_by
    first_sent: int | None = None
    for chunk in batch.chunks(CHUNK):
        revisions = Revision.objects.select_related("dtro").in_bulk(chunk)
        done, skipped = 0, []
        for revision_id in chunk:
            revision = revisions.get(revision_id)
            if revision is None or revision.dtro.authority_id != batch.authority_id:
                skipped.append({"reference": "", "why": "This draft no longer exists."})
                continue
            try:
                send_for_approval(revision, user=user, notify=False)
            except DraftingError as refusal:
                skipped.append({"reference": revision.dtro.reference, "why": str(refusal)})
                continue
            done += 1
            first_sent = first_sent or revision.pk
        batch.record_chunk(processed=len(chunk), done=done, skipped=skipped)
    if first_sent is not None:
        # One email for the batch (it names the first order), not one per order.
        approval_emails.tell_supervisors_after_commit(first_sent)
    return batch
