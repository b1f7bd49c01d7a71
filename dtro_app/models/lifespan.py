"""How much of a published D-TRO is revoked, and when it stops applying, read from its document.

Pure functions of the envelope (no database, no clock): `models.status` stores their answers
on the D-TRO when a version is published, and decides its state from them.

- Revoked: the source's `actionType` is `fullRevoke`, or every provision's is (data-spec
  versions before 4.0.0 cannot say it on the source). Partly revoked: some provisions are
  `fullRevoke` or `partialRevoke` while others remain.
- Ends: a provision ends at the earliest of its stop event (`actualStartOrStop`), an
  experimental order's cessation date, the end of its time validity (when every time validity
  it has ends) and, for a temporary order, its coming into force plus its expected duration.
  The order ends when its last provision still in force does; a provision without any end
  keeps the order open-ended.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dtro_validation.document_parts import provisions_of, source_of

FULL = "full"
PARTIAL = "partial"
# The ICD's times without a zone are UK local time.
LONDON = ZoneInfo("Europe/London")
_REVOKED_PROVISION = {"fullRevoke", "partialRevoke"}
_DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def revocation_of(document: Any) -> str:
    """FULL, PARTIAL or "" (nothing revoked)."""
    source = source_of(document)
    if source is None:
        return ""
    if source.get("actionType") == "fullRevoke":
        return FULL
    actions = [p.get("actionType") for p in provisions_of(document)]
    if actions and all(action == "fullRevoke" for action in actions):
        return FULL
    return PARTIAL if any(action in _REVOKED_PROVISION for action in actions) else ""


def ends_at(document: Any) -> datetime | None:
    """When the order stops applying, or None if it does not end (or nothing is in force)."""
    source = source_of(document) or {}
    in_force = [p for p in provisions_of(document) if p.get("actionType") != "fullRevoke"]
    ends = [_provision_end(provision, source) for provision in in_force]
    if not ends or any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def _provision_end(provision: dict[str, Any], source: dict[str, Any]) -> datetime | None:
    candidates = [
        _stopped_at(provision),
        _ceased_at(provision),
        _validity_end(provision.get("regulation")),
        _temporary_end(provision, source),
    ]
    found = [moment for moment in candidates if moment is not None]
    return min(found) if found else None


def _stopped_at(provision: dict[str, Any]) -> datetime | None:
    """The last recorded event, when it is a stop."""
    events = provision.get("actualStartOrStop")
    timed = [
        (moment, event.get("eventType"))
        for event in (events if isinstance(events, list) else [])
        if isinstance(event, dict) and (moment := parse_moment(event.get("eventAt")))
    ]
    if not timed:
        return None
    moment, kind = max(timed, key=lambda pair: pair[0])
    return moment if kind == "stop" else None


def _ceased_at(provision: dict[str, Any]) -> datetime | None:
    cessation = provision.get("experimentalCessation")
    if not isinstance(cessation, dict):
        return None
    day = parse_day(cessation.get("actualDateOfCessation"))
    # Ceased on that date: it no longer applies once the day is over.
    return _midnight(day + timedelta(days=1)) if day else None


def _validity_end(regulation: Any) -> datetime | None:
    """The latest end of the regulation's time validities, if every one of them ends."""
    validities = list(_time_validities(regulation))
    if not validities:
        return None
    ends = [parse_moment(validity.get("end")) for validity in validities]
    if any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def _time_validities(value: Any, *, negated: bool = False) -> Iterator[dict[str, Any]]:
    """Every time validity under a regulation's conditions, except negated ones (exceptions
    to when it applies, not when it applies)."""
    if isinstance(value, list):
        for item in value:
            yield from _time_validities(item, negated=negated)
        return
    if not isinstance(value, dict):
        return
    negated = negated or value.get("negate") is True
    for key, item in value.items():
        if key == "timeValidity" and isinstance(item, dict):
            if not negated:
                yield item
        elif isinstance(item, dict | list):
            yield from _time_validities(item, negated=negated)


def _temporary_end(provision: dict[str, Any], source: dict[str, Any]) -> datetime | None:
    if not str(provision.get("orderReportingPoint", "")).startswith("ttroTtmo"):
        return None
    start = parse_day(provision.get("comingIntoForceDate") or source.get("comingIntoForceDate"))
    duration = provision.get("expectedOccupancyDuration")
    if start is None or not isinstance(duration, str):
        return None
    return add_duration(_midnight(start), duration)


def add_duration(start: datetime, text: str) -> datetime | None:
    """`start` plus an ISO 8601 duration (years and months by the calendar); None if unreadable."""
    match = _DURATION.match(text.strip())
    if match is None:
        return None
    years, months, weeks, days, hours, minutes = (int(part or 0) for part in match.groups()[:6])
    seconds = float(match.group(7) or 0)
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    try:
        moved = start.replace(year=year, month=month)
    except ValueError:  # 31 January plus a month: the last day of February
        moved = start.replace(year=year, month=month, day=_last_day(year, month))
    return moved + timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


def _last_day(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def parse_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LONDON)


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON)
