"""Upgrading a D-TRO's working copy to a newer data-spec version: the report an officer reads
first, and the new draft revision saved (through `save_draft`) once they confirm."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dtro_app import audit
from dtro_app.drafting.services import DraftingError, may_exist_at_service, save_draft
from dtro_app.models import Dtro, DtroStatus, Revision, RevisionOrigin, RevisionState
from dtro_validation.registry import version_key
from dtro_validation.upgrade import (
    UpgradeRefused,
    UpgradeReport,
    can_upgrade,
    newest_target,
    upgrade_document,
    upgrade_targets,
)

COMMAND = "manage.py upgrade_drafts"


@dataclass(frozen=True)
class UpgradeOffer:
    """A D-TRO's working copy and the newest version it can be upgraded to."""

    revision: Revision
    target: str


def upgrade_offer(dtro: Dtro, target: str | None = None) -> UpgradeOffer | None:
    """The upgrade open to this D-TRO now, or None: its working copy (not awaiting approval,
    not deleted) is at a version the portal upgrades from, older than `target` (by default
    the newest version it publishes, or the candidate when candidates are allowed)."""
    revision = dtro.current_revision
    if target is None:
        target = newest_target()
    elif target not in upgrade_targets():
        return None
    if revision is None or target is None or dtro.status == DtroStatus.DELETED:
        return None
    # Editable as the order's page allows: a new draft (an amendment once published).
    if revision.state == RevisionState.AWAITING_APPROVAL:
        return None
    if version_key(revision.schema_version or "0") >= version_key(target):
        return None
    return UpgradeOffer(revision, target) if can_upgrade(revision.document, target) else None


def preview(offer: UpgradeOffer) -> UpgradeReport:
    """What upgrading would do; nothing is saved."""
    return upgrade_document(
        offer.revision.document, offer.target, tra_code=offer.revision.dtro.authority.code
    )


def note_for(report: UpgradeReport) -> str:
    return (
        f"Upgraded from {report.from_version} to {report.to_version}: {len(report.changes)} "
        f"changes, {len(report.needs_person)} for a person."
    )


@transaction.atomic
def apply_upgrade(
    dtro: Dtro,
    *,
    user: Any,
    target: str,
    from_revision: int | None = None,
    by_command: bool = False,
) -> tuple[Revision, UpgradeReport]:
    """Save the upgraded working copy as a new draft revision, with an audit entry.

    `from_revision` is the revision the officer read the report of: if the working copy
    changed since, nothing is saved (they must read the new report first). `by_command`:
    the bulk command did it (the audit entry says so; `user` is the draft's author)."""
    dtro = Dtro.objects.select_for_update().get(pk=dtro.pk)
    offer = upgrade_offer(dtro, target)
    if offer is None:
        raise DraftingError(f"This D-TRO cannot be upgraded to {target} now.")
    if from_revision is not None and offer.revision.pk != from_revision:
        raise DraftingError(
            "This D-TRO changed since you read the upgrade report. Read the new report and "
            "confirm again."
        )
    try:
        report = preview(offer)
    except UpgradeRefused as exc:
        raise DraftingError(str(exc)) from exc
    origin = RevisionOrigin.AMEND if may_exist_at_service(dtro) else RevisionOrigin.JSON
    note = note_for(report) + (f" By {COMMAND}." if by_command else "")
    revision = save_draft(dtro, user=user, document=report.document, origin=origin, note=note)
    audit.record(
        "dtro.upgraded",
        actor=None if by_command else user,
        actor_label=COMMAND if by_command else None,
        authority=dtro.authority,
        target=revision,
        summary=f"{dtro.reference} {note_for(report)}",
        before={"revision": offer.revision.number, "schemaVersion": report.from_version},
        after={
            "revision": revision.number,
            "schemaVersion": report.to_version,
            "changes": len(report.changes),
            "needsPerson": len(report.needs_person),
        },
    )
    return revision, report


@dataclass(frozen=True)
class BulkLine:
    """One draft the bulk command looked at."""

    dtro: Dtro
    report: UpgradeReport | None
    refusal: str = ""


def drafts_below(target: str, tra_code: int | None = None) -> list[Dtro]:
    """Every D-TRO whose working copy is a draft (never a published revision) at a version
    older than `target`, oldest first."""
    drafts = (
        Dtro.objects.exclude(status=DtroStatus.DELETED)
        .filter(current_revision__state=RevisionState.DRAFT)
        .select_related("current_revision", "authority")
        .order_by("pk")
    )
    if tra_code is not None:
        drafts = drafts.filter(authority__code=tra_code)
    below = version_key(target)
    return [
        dtro
        for dtro in drafts
        if dtro.current_revision is not None
        and version_key(dtro.current_revision.schema_version or "0") < below
    ]


def upgrade_drafts(
    target: str, *, tra_code: int | None = None, dry_run: bool = False
) -> list[BulkLine]:
    """Upgrade every draft below `target` (only report, with `dry_run`). Each is saved in
    its own transaction, so one refusal stops nothing else."""
    if target not in upgrade_targets():
        offered = ", ".join(upgrade_targets()) or "none"
        raise DraftingError(f"Drafts cannot be upgraded to {target}. Versions offered: {offered}.")
    lines: list[BulkLine] = []
    for dtro in drafts_below(target, tra_code):
        offer = upgrade_offer(dtro, target)
        if offer is None:
            version = dtro.current_revision.schema_version if dtro.current_revision else "?"
            lines.append(BulkLine(dtro, None, f"cannot be upgraded from {version or '?'}"))
            continue
        try:
            if dry_run:
                lines.append(BulkLine(dtro, preview(offer)))
            else:
                author = offer.revision.created_by
                _revision, report = apply_upgrade(dtro, user=author, target=target, by_command=True)
                lines.append(BulkLine(dtro, report))
        except (UpgradeRefused, DraftingError) as exc:
            lines.append(BulkLine(dtro, None, str(exc)))
    return lines
