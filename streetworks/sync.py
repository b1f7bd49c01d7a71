"""Keeping linked D-TROs in step with their street works.

Each TRA's account reads Street Manager's works updates feed from its stored cursor. Only
works linked to a D-TRO are fetched again; their permit is compared with the stored
snapshot, and when dates, location, traffic management or status changed the linked D-TRO
is flagged for an officer's review. Nothing is ever sent or published from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtro_app.drafting.services import flag_for_review
from dtro_app.models import DtroStatus
from streetworks.client import StreetManagerClient, StreetManagerError
from streetworks.models import StreetManagerAccount, SyncCursor, WorksLink
from streetworks.prefill import describe_tm, local_moment
from streetworks.services import active_permit_of, snapshot_of

logger = logging.getLogger("streetworks.sync")
PAGE_SIZE = 250
# A guard against a feed that never ends within one run; the next run carries on.
MAX_PAGES_PER_RUN = 40


@dataclass
class SyncResult:
    account_id: int
    pages: int = 0
    fetched: list[str] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)
    error: str = ""


def _when(snapshot: dict[str, Any], which: str) -> str:
    default = time(0, 0) if which == "start" else time(23, 59)
    moment = local_moment(
        snapshot.get(f"proposed_{which}_date"), snapshot.get(f"proposed_{which}_time"), default
    )
    return moment.strftime("%-d %B %Y %H:%M") if moment else "not set"


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Plain-English differences an officer needs to decide whether the order still fits."""
    changes = []
    for which in ("start", "end"):
        old, new = _when(before, which), _when(after, which)
        if old != new:
            changes.append(f"proposed {which} moved from {old} to {new}")
    if before.get("actual_start_date") != after.get("actual_start_date"):
        changes.append(
            "the works have started" if after.get("actual_start_date") else "start undone"
        )
    if before.get("actual_stop_date") != after.get("actual_stop_date"):
        changes.append("the works have stopped" if after.get("actual_stop_date") else "stop undone")
    moved = before.get("works_coordinates") != after.get("works_coordinates")
    if moved or before.get("usrn") != after.get("usrn"):
        changes.append(f"the works location changed (USRN {after.get('usrn')})")
    for key, label in (
        ("traffic_management_type", "traffic management"),
        ("current_traffic_management_type", "current traffic management"),
    ):
        if before.get(key) != after.get(key):
            old = describe_tm({"traffic_management_type": before.get(key) or "none"})
            new = describe_tm({"traffic_management_type": after.get(key) or "none"})
            changes.append(f"{label} changed from {old} to {new}")
    for key, label in (("permit_status", "permit status"), ("work_status", "works status")):
        if before.get(key) != after.get(key):
            changes.append(f"{label} changed from {before.get(key)} to {after.get(key)}")
    if before.get("permit_reference_number") != after.get("permit_reference_number"):
        changes.append(f"the active permit is now {after.get('permit_reference_number')}")
    return changes


def current_snapshot(client: StreetManagerClient, work_reference: str) -> dict[str, Any]:
    """What Street Manager says now about the works' active permit (one network call)."""
    work = client.get_work(work_reference)
    return snapshot_of(active_permit_of(work) or {})


def apply_snapshot(links: list[WorksLink], snapshot: dict[str, Any], update_id: int) -> list[int]:
    """Compare each link's snapshot with the new one, flag changed D-TROs; their ids."""
    flagged = []
    for link in links:
        changes = describe_changes(link.snapshot, snapshot)
        if changes:
            flag_for_review(
                link.dtro,
                reason=f"Street works {link.work_reference} changed: {'; '.join(changes)}.",
            )
            flagged.append(link.dtro_id)
        link.snapshot = snapshot
        link.synced_at = timezone.now()
        link.last_update_id = update_id
        link.save(update_fields=["snapshot", "synced_at", "last_update_id"])
    return flagged


def _backfill_from(account: StreetManagerAccount) -> str:
    """Before the first cursor: read from the oldest link (its snapshot was taken then)."""
    oldest = (
        WorksLink.objects.filter(authority=account.authority)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = (oldest or timezone.now()) - timedelta(hours=1)
    return since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def sync_account(
    account: StreetManagerAccount, client: StreetManagerClient | None = None
) -> SyncResult:
    """Read the account's updates feed from its cursor and review the linked works."""
    client = client or StreetManagerClient(account)
    cursor, _ = SyncCursor.objects.get_or_create(account=account)
    result = SyncResult(account_id=account.pk)
    try:
        for _ in range(MAX_PAGES_PER_RUN):
            page = client.works_updates(
                update_id=cursor.update_id,
                page_size=PAGE_SIZE,
                start_date=None if cursor.update_id is not None else _backfill_from(account),
            )
            rows = [row for row in page.get("rows") or [] if row.get("update_id") is not None]
            result.pages += 1
            if not rows:
                break
            _process_page(client, account, cursor, rows, result)
            if page.get("next_update") is None:
                break
    except StreetManagerError as exc:
        # The cursor only moves past pages fully processed: the next run resumes here.
        result.error = exc.message
        logger.warning("Street Manager sync for %s stopped: %s", account, exc.message)
    cursor.last_polled_at = timezone.now()
    cursor.last_error = result.error
    cursor.save(update_fields=["last_polled_at", "last_error"])
    return result


def _process_page(
    client: StreetManagerClient,
    account: StreetManagerAccount,
    cursor: SyncCursor,
    rows: list[dict[str, Any]],
    result: SyncResult,
) -> None:
    latest: dict[str, int] = {}
    for row in rows:
        wrn = str(row.get("work_reference_number") or "").upper()
        latest[wrn] = max(latest.get(wrn, 0), int(row["update_id"]))
    links_by_works: dict[str, list[WorksLink]] = {}
    linked = (
        WorksLink.objects.filter(authority=account.authority, work_reference__in=list(latest))
        .exclude(dtro__status=DtroStatus.DELETED)
        .select_related("dtro", "dtro__authority")
    )
    for link in linked:
        links_by_works.setdefault(link.work_reference, []).append(link)
    # Fetch first, outside any transaction: no database lock is held while Street Manager
    # answers (on SQLite a transaction holds the write lock).
    snapshots = {wrn: current_snapshot(client, wrn) for wrn in links_by_works}
    # Flags and cursor move together, so a crash repeats the page rather than skipping it.
    with transaction.atomic():
        for wrn, links in links_by_works.items():
            result.fetched.append(wrn)
            result.flagged.extend(apply_snapshot(links, snapshots[wrn], latest[wrn]))
        cursor.update_id = max(int(row["update_id"]) for row in rows)
        cursor.save(update_fields=["update_id"])


def sync_all() -> list[SyncResult]:
    return [
        sync_account(account)
        for account in StreetManagerAccount.objects.filter(is_active=True).select_related(
            "authority"
        )
    ]
