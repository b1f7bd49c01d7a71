"""When a provision applies, read from its conditions as data a template can lay out:
dates in words, days in week order ("Monday to Saturday"), times of day."""

from __future__ import annotations

from typing import Any

from dtro_app.approvals.phrases import WEEK, when
from dtro_app.labels import as_list, label, ordered
from dtro_app.orders.provisions import day_codes, span, times_of_day


def days_in_words(codes: list[str], version: str | None) -> str:
    """Days in week order; three or more days running (Monday to Saturday) as a range."""
    days = ordered("dayType", codes, version)
    known = [code for code in days if code in WEEK]
    positions = [WEEK.index(code) for code in known]
    running = len(known) == len(days) and positions == list(range(positions[0], positions[-1] + 1))
    if running and len(days) >= 3:
        return f"{label(days[0], 'dayType', version)} to {label(days[-1], 'dayType', version)}"
    return ", ".join(label(code, "dayType", version) for code in days)


def _period(period: dict[str, Any], version: str | None) -> dict[str, Any]:
    codes = day_codes(period)
    days = ordered("dayType", codes, version)
    return {
        "days": [label(code, "dayType", version) for code in days],
        "days_in_words": days_in_words(codes, version) if codes else "",
        "times": times_of_day(period),
    }


def time_validity(validity: Any, version: str | None, *, negate: bool = False) -> dict[str, Any]:
    """One `timeValidity` as {starts, ends, periods, text, is_exception}."""
    validity = validity if isinstance(validity, dict) else {}
    starts, ends = when(validity.get("start")), when(validity.get("end"))
    periods = [
        _period(period, version)
        for period in as_list(validity.get("validPeriod"))
        if isinstance(period, dict)
    ]
    spanned = span(starts, ends)
    parts = [spanned] if spanned else []
    for period in periods:
        words = ", ".join(filter(None, [period["days_in_words"], *period["times"]]))
        if words:
            parts.append(words)
    text = "; ".join(parts)
    return {
        "starts": starts,
        "ends": ends,
        "start_iso": str(validity.get("start") or ""),
        "end_iso": str(validity.get("end") or ""),
        "periods": periods,
        "is_exception": negate,
        "text": f"Except {text[:1].lower()}{text[1:]}" if negate and text else text,
    }


def validities_of(condition: Any, version: str | None, negate: bool = False) -> list[dict]:
    """Every time validity in a condition tree, in document order."""
    found: list[dict[str, Any]] = []
    if isinstance(condition, list):
        for item in condition:
            found.extend(validities_of(item, version, negate))
        return found
    if not isinstance(condition, dict):
        return found
    negate = negate or condition.get("negate") is True
    for key, value in condition.items():
        if key in {"conditions", "conditionSet", "condition"}:
            found.extend(validities_of(value, version, negate))
        elif key == "timeValidity":
            found.append(time_validity(value, version, negate=negate))
    return found
