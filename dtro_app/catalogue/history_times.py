"""The times on the service's history entries, as the history and compare pages show them.

The service stamps a history row's `lastUpdated` when an update *replaced* that version, and
the current version's with the moment it was read (DfT's service builds that entry on the
fly, as the sandbox does). Shown as they come, the newest version seems "recorded" whenever
the page is opened. So each entry gets `recorded_at`: when the one before it was replaced,
and for the first version the record's `created`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

# What the portal adds to the service's history entries for its pages: never part of a
# version (a datetime is not JSON, and a diff is of what the service holds).
READ_KEYS = frozenset({"created_at", "last_updated_at", "recorded_at", "pretty"})
# The service's record gives `lastUpdated` to the second; its history, to the microsecond.
_STAMP_SLACK = timedelta(seconds=1)


def as_served(entry: dict[str, Any]) -> dict[str, Any]:
    """A history entry as the service answered it, without the portal's additions."""
    return {key: value for key, value in entry.items() if key not in READ_KEYS}


def local_label(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y %H:%M:%S}"


def with_time(entries: list[Any]) -> list[dict[str, Any]]:
    """The entries that are objects, with their `created` and `lastUpdated` parsed."""
    return [
        {
            **entry,
            "created_at": parse_datetime(str(entry.get("created") or "")),
            "last_updated_at": parse_datetime(str(entry.get("lastUpdated") or "")),
        }
        for entry in entries
        if isinstance(entry, dict)
    ]


def stamp_recorded(
    entries: list[dict[str, Any]], current: dict[str, Any] | None, *, read_at: datetime
) -> None:
    """Set each entry's `recorded_at` (source and provision entries together, since a
    version's stamp may be on either list). Stamps after the record's own `lastUpdated`, or
    after the read began when it has none, are read times, not replacements."""
    updated = parse_datetime(str((current or {}).get("lastUpdated") or ""))
    cutoff = updated + _STAMP_SLACK if updated else read_at
    replaced = sorted(
        {
            stamp
            for entry in entries
            if (stamp := entry.get("last_updated_at")) is not None and stamp <= cutoff
        }
    )
    created = parse_datetime(str((current or {}).get("created") or ""))
    for entry in entries:
        stamp = entry.get("last_updated_at")
        earlier = [moment for moment in replaced if stamp is not None and moment < stamp]
        if stamp is None:
            entry["recorded_at"] = None
        elif earlier:
            entry["recorded_at"] = earlier[-1]
        else:
            entry["recorded_at"] = entry.get("created_at") or created
