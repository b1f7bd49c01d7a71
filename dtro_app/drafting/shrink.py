"""Making an order smaller (dtro_validation.shrink) from its page: the preview an officer reads
first, then the new draft revision saved through `save_draft` once they confirm.

Published revisions never change: for an order the service holds, the smaller document is an
amendment draft, sent as an update once approved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

from dtro_app import audit
from dtro_app.drafting.services import DraftingError, may_exist_at_service, save_draft
from dtro_app.models import Dtro, DtroStatus, Revision, RevisionOrigin, RevisionState
from dtro_validation.document_parts import PROVISION_KEYS, data_of, source_of
from dtro_validation.shrink import ShrinkOptions, ShrinkReport, shrink_document

#: Above this (compact JSON), the order's page offers shrinking up front, not in a details.
OFFER_ABOVE_BYTES = 5 * 1024 * 1024
MAX_TOLERANCE_METRES = 50.0
# A revision never changes, so its size is worked out once.
SIZE_SECONDS = 7 * 24 * 60 * 60


@dataclass(frozen=True)
class ShrinkOffer:
    """A D-TRO's working copy, which may be made smaller, and its size as sent."""

    revision: Revision
    json_bytes: int

    @property
    def is_big(self) -> bool:
        return self.json_bytes > OFFER_ABOVE_BYTES

    @property
    def megabytes(self) -> float:
        return self.json_bytes / (1024 * 1024)


def compact_size(revision: Revision) -> int:
    """Bytes of the revision's document as compact JSON (as it is sent), cached per revision."""
    key = f"drafting:shrink:size:{revision.pk}"
    size = cache.get(key)
    if size is None:
        text = json.dumps(revision.document, separators=(",", ":"), ensure_ascii=False)
        size = len(text.encode())
        cache.set(key, size, SIZE_SECONDS)
    return int(size)


def shrink_offer(dtro: Dtro) -> ShrinkOffer | None:
    """The working copy an officer may shrink now, or None: not deleted, not awaiting
    approval (the same rule as editing it)."""
    revision = dtro.current_revision
    if revision is None or dtro.status == DtroStatus.DELETED:
        return None
    if revision.state == RevisionState.AWAITING_APPROVAL or not isinstance(revision.document, dict):
        return None
    return ShrinkOffer(revision, compact_size(revision))


def options_from(tolerance: Any, merge: Any) -> ShrinkOptions:
    """The officer's choices; DraftingError in plain English when the tolerance is not usable."""
    text = str(tolerance if tolerance is not None else "").strip()
    try:
        metres = float(text) if text else ShrinkOptions().tolerance
    except ValueError as exc:
        raise DraftingError("Enter the tolerance as a number of metres, like 5 or 2.5.") from exc
    if not 0 <= metres <= MAX_TOLERANCE_METRES:
        raise DraftingError(
            f"Enter a tolerance between 0 and {MAX_TOLERANCE_METRES:g} metres. 0 keeps every "
            f"point; DfT suggests about 5."
        )
    return ShrinkOptions(tolerance=metres, merge=bool(merge))


def preview(offer: ShrinkOffer, options: ShrinkOptions) -> tuple[dict[str, Any], ShrinkReport]:
    """The smaller document and what shrinking did; nothing is saved."""
    return shrink_document(offer.revision.document, options)


def note_for(report: ShrinkReport) -> str:
    before, after = report.before.json_bytes, report.after.json_bytes
    return (
        f"Made smaller at {report.options.tolerance:g} m: {before:,} to {after:,} bytes, "
        f"{report.points_before:,} to {report.points_after:,} points, "
        f"{report.places_merged:,} places merged."
    )


def first_provisions(document: Any, count: int) -> Any:
    """A copy of `document` holding only its first `count` provisions (for a map preview)."""
    source, data = source_of(document), data_of(document)
    if source is None or data is None:
        return document
    key = next((k for k in PROVISION_KEYS if isinstance(source.get(k), list)), None)
    if key is None:
        return document
    source_key = next(k for k, v in data.items() if v is source)
    return {
        **document,
        "data": {**data, source_key: {**source, key: source[key][:count]}},
    }


@transaction.atomic
def apply_shrink(
    dtro: Dtro, *, user: Any, options: ShrinkOptions, from_revision: int | None = None
) -> tuple[Revision, ShrinkReport]:
    """Save the smaller working copy as a new draft revision, with an audit entry.

    `from_revision` is the revision the officer previewed: if the working copy changed since,
    nothing is saved (they must look at the new preview first)."""
    dtro = Dtro.objects.select_for_update().get(pk=dtro.pk)
    offer = shrink_offer(dtro)
    if offer is None:
        raise DraftingError("This D-TRO cannot be changed now, so it cannot be made smaller.")
    if from_revision is not None and offer.revision.pk != from_revision:
        raise DraftingError(
            "This D-TRO changed since you looked at the preview. Look at the new preview and "
            "save again."
        )
    document, report = preview(offer, options)
    if not report.changed:
        raise DraftingError(
            "Nothing would change at this tolerance: the order is as small as these settings "
            "make it. Try a larger tolerance, or leave it as it is."
        )
    origin = RevisionOrigin.AMEND if may_exist_at_service(dtro) else RevisionOrigin.JSON
    revision = save_draft(dtro, user=user, document=document, origin=origin, note=note_for(report))
    audit.record(
        audit.AuditAction.DTRO_SHRUNK,
        actor=user,
        authority=dtro.authority,
        target=revision,
        summary=f"{dtro.reference} {note_for(report)}",
        before={"revision": offer.revision.number, "bytes": report.before.json_bytes},
        after={
            "revision": revision.number,
            "bytes": report.after.json_bytes,
            "toleranceMetres": options.tolerance,
            "merged": report.places_merged,
            "maxDisplacementMetres": round(report.max_displacement, 3),
        },
    )
    return revision, report
