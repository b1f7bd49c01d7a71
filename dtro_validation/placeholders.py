"""DfT's upgrade placeholders: values the D-TRO service injects when it upversions an old
record (`dtro-spec/service/upversioning.rst`), found so that an officer can replace them.

A record read back from the service, or a draft copied from one, may carry them. They are
flagged, never changed: only a person knows the real value.

Not flagged, because they cannot be told apart from genuine values:
- `{"driverCondition": {"driverCharacteristics": "localResident"}}`, which DfT put into empty
  `condition` arrays of 3.2.4 records, has exactly the shape of a genuine "local residents
  only" condition, and the record carries no mark of which fields the upgrade added;
- `concession`, `assignment`, `tramcar`, `busRoute` set to `false`, and `polygon.version` 1,
  which are also what most genuine records say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dtro_validation.issues import dotted_to_pointer

NOT_PROVIDED = "**NOT PROVIDED**"
DEPRECATED = "**DEPRECATED**"
PLACEHOLDER_DATE = "2025-01-01"
PLACEHOLDER_USRN = 0
_PLACEHOLDER_STRINGS = frozenset({NOT_PROVIDED, DEPRECATED, PLACEHOLDER_DATE})

# What the field is called in an officer's words, for the fields DfT filled with NOT PROVIDED.
_FIELD_WORDS = {
    "description": "description",
    "statementDescription": "statement description",
    "bywayType": "byway type",
    "regulationType": "regulation type",
    "representation": "representation of the line (its kind of geometry)",
}
_DATE_WORDS = {"madeDate": "made date", "comingIntoForceDate": "date of coming into force"}


@dataclass(frozen=True)
class Placeholder:
    """One value DfT's upgrade put in place of something the original record lacked."""

    # Inside `data`, as the D-TRO service writes paths: `source.provision[0].regulatedPlace`.
    path: str
    value: Any
    meaning: str
    # False where a genuine value could look the same (every DfT example is made on
    # 1 January 2025), so the page can say "check" rather than "replace".
    certain: bool = True

    @property
    def pointer(self) -> str:
        """The JSON Pointer into the envelope (`/data/source/...`), as validation issues use."""
        return dotted_to_pointer(self.path)


# A node's place in the document: its parent's place and its key (None at the root). Paths
# are spelled out only for the values found, so a deep document costs no long strings.
_Place = tuple["_Place | None", str | int] | None


def _path_of(place: _Place) -> str:
    keys: list[str | int] = []
    while place is not None:
        place, key = place
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else key)
    return path


def _meaning_of(key: str | int, value: Any, parent_key: str | int | None, path: str) -> str | None:
    """Plain English for a placeholder value under `key`, or None when it is not one."""
    if value == NOT_PROVIDED:
        words = _FIELD_WORDS.get(str(key), str(key))
        if key == "description" and "regulatedPlace[" in path:
            words = "description of the regulated place"
        return (
            f"DfT's upgrade put **NOT PROVIDED** here: the original record had no {words}. "
            f"Replace it with the real {words}."
        )
    if value == DEPRECATED and key == "regulationType":
        return (
            "DfT's upgrade put **DEPRECATED** here: the original record used the regulation "
            "type miscTemporarySpeedLimit, which no longer exists. Choose the regulation type "
            "that describes this order."
        )
    if key in _DATE_WORDS and value == PLACEHOLDER_DATE and parent_key == "source":
        words = _DATE_WORDS[str(key)]
        return (
            f"1 January 2025 is the date DfT's upgrade puts here when the original record had "
            f"no {words}. Check the order's real {words}."
        )
    return None


def _is_placeholder_usrn(key: str | int, value: Any, parent_key: str | int | None) -> bool:
    # `{"usrn": 0}` inside a `uniqueStreetReferenceNumber` array, exactly as DfT adds it.
    return (
        parent_key == "uniqueStreetReferenceNumber"
        and isinstance(key, int)
        and isinstance(value, dict)
        and value.get("usrn") == PLACEHOLDER_USRN
        and not isinstance(value.get("usrn"), bool)
    )


def find_placeholders(document: Any) -> list[Placeholder]:
    """Every DfT upgrade placeholder in a D-TRO (the envelope or its bare `data`), in
    document order. Iterative, so a huge or deeply nested document costs one pass and no
    deep recursion."""
    # Bare data holds `source` or `consultation`, never `data`.
    root = document
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        root = document["data"]
    found: list[Placeholder] = []
    # (value, its place, its parent's key); pushed in reverse to keep document order.
    stack: list[tuple[Any, _Place, str | int | None]] = [(root, None, None)]
    while stack:
        value, place, parent_key = stack.pop()
        if place is not None:
            key = place[1]
            if _is_placeholder_usrn(key, value, parent_key):
                found.append(
                    Placeholder(
                        path=_path_of((place, "usrn")),
                        value=PLACEHOLDER_USRN,
                        meaning=(
                            "DfT's upgrade put USRN 0 here: the original record had no "
                            "street reference. Give the street's real USRN."
                        ),
                    )
                )
                continue
            if isinstance(value, str) and value in _PLACEHOLDER_STRINGS:
                path = _path_of(place)
                meaning = _meaning_of(key, value, parent_key, path)
                if meaning is not None:
                    certain = value in (NOT_PROVIDED, DEPRECATED)
                    found.append(Placeholder(path, value, meaning, certain=certain))
            if isinstance(value, str):
                continue
        if isinstance(value, dict):
            items: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            continue
        own_key = place[1] if place is not None else None
        for child_key, child in reversed(items):
            if isinstance(child, dict | list | str):
                stack.append((child, (place, child_key), own_key))
    return found
